// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Against the examples of RFC 5424 section 6.5 and the framing of RFC 6587 3.4.1. */
class SyslogMessageTest {
    @Test
    void example1OfTheRfcWithItsBom() {
        // <34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM'su root' failed for lonvick on /dev/pts/8
        byte[] message = SyslogMessage.format(4, 2, Instant.parse("2003-10-11T22:14:15.003Z"), "mymachine.example.com", "su", "-", "ID47", "-",
                "'su root' failed for lonvick on /dev/pts/8");
        byte[] head = "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ".getBytes(UTF_8);
        byte[] text = "'su root' failed for lonvick on /dev/pts/8".getBytes(UTF_8);
        byte[] expected = new byte[head.length + 3 + text.length];
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(SyslogMessage.BOM, 0, expected, head.length, 3);
        System.arraycopy(text, 0, expected, head.length + 3, text.length);
        assertArrayEquals(expected, message);
    }

    @Test
    void example3StructuredDataWithoutMessage() {
        // <165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]
        String sd = "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]";
        byte[] message = SyslogMessage.format(20, 5, Instant.parse("2003-10-11T22:14:15.003Z"), "mymachine.example.com", "evntslog", "-", "ID47",
                sd, "");
        assertEquals("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 " + sd, new String(message, UTF_8));
    }

    @Test
    void headerFieldsArePrintableAndBoundedAndValuesEscaped() {
        String text = new String(SyslogMessage.format(16, 4, Instant.parse("2026-12-05T10:00:00Z"), "host with space", "", null, "x".repeat(40), "-", ""),
                UTF_8);
        assertEquals("<132>1 2026-12-05T10:00:00Z host_with_space - - " + "x".repeat(32) + " -", text);
        assertEquals("a\\\"b\\\\c\\]", SyslogMessage.paramValue("a\"b\\c]"));
        assertThrows(IllegalArgumentException.class, () -> SyslogMessage.format(24, 0, Instant.EPOCH, "h", "a", "-", "-", "-", ""));
        assertThrows(IllegalArgumentException.class, () -> SyslogMessage.format(0, 8, Instant.EPOCH, "h", "a", "-", "-", "-", ""));
    }

    @Test
    void octetCountingPrefixesTheLength() {
        assertEquals("5 hello", new String(SyslogMessage.octetCounted("hello".getBytes(UTF_8)), UTF_8));
        assertEquals("5 été", new String(SyslogMessage.octetCounted("été".getBytes(UTF_8)), UTF_8), "the length in bytes (5), not characters");
    }
}
