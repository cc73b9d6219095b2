// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The examples of RFC 5424 section 6.5 and the timestamps of section 6.2.3.1, byte for byte. */
class Rfc5424Test {
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    static final String SD = "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"]";

    @Test
    void example1WithoutStructuredData() {
        byte[] m = Rfc5424.message(4, 2, OffsetDateTime.parse("2003-10-11T22:14:15.003Z"), "mymachine.example.com", "su", null, "ID47", null,
                "'su root' failed for lonvick on /dev/pts/8".getBytes(UTF_8), true);
        assertArrayEquals(concat("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - ", BOM, "'su root' failed for lonvick on /dev/pts/8"), m);
    }

    @Test
    void example2WithMicrosecondsAndAnOffset() {
        byte[] m = Rfc5424.message(20, 5, OffsetDateTime.parse("2003-08-24T05:14:15.000003-07:00"), "192.0.2.1", "myproc", "8710", "", "-",
                "%% It's time to make the do-nuts.".getBytes(UTF_8), false);
        assertEquals("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.", new String(m, UTF_8));
    }

    @Test
    void example3WithStructuredData() {
        byte[] m = Rfc5424.message(20, 5, OffsetDateTime.parse("2003-10-11T22:14:15.003Z"), "mymachine.example.com", "evntslog", "-", "ID47", SD,
                "An application event log entry...".getBytes(UTF_8), true);
        assertArrayEquals(concat("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 " + SD + " ", BOM,
                "An application event log entry..."), m);
    }

    @Test
    void example4StructuredDataOnly() {
        String sd = SD + "[examplePriority@32473 class=\"high\"]";
        byte[] m = Rfc5424.message(20, 5, OffsetDateTime.parse("2003-10-11T22:14:15.003Z"), "mymachine.example.com", "evntslog", "-", "ID47", sd,
                null, false);
        assertEquals("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 " + sd, new String(m, UTF_8));
    }

    @Test
    void timestampsOfSection6231() {
        for (String valid : new String[] {"1985-04-12T23:20:50.52Z", "1985-04-12T19:20:50.52-04:00", "2003-10-11T22:14:15.003Z",
                "2003-08-24T05:14:15.000003-07:00"}) {
            assertEquals(valid, Rfc5424.timestamp(OffsetDateTime.parse(valid)));
        }
        // no more than six fraction digits (TIME-SECFRAC), as the RFC's invalid example with nine shows
        assertEquals("2003-08-24T05:14:15.000003-07:00", Rfc5424.timestamp(OffsetDateTime.parse("2003-08-24T05:14:15.000000003-07:00").plusNanos(3000)));
    }

    @Test
    void anExportedItemIsStampedWithItsQueueTime() {
        SyslogHeader h = SyslogHeader.of(16, 6, "d4.example", "d4", "passivedns-lines");
        assertEquals("<134>1 2023-11-14T22:13:20Z d4.example d4 - passivedns-lines - line one",
                new String(h.format(Instant.ofEpochSecond(1_700_000_000L), "line one".getBytes(UTF_8)), UTF_8));
        String longType = "a".repeat(40);
        assertEquals("a".repeat(32), SyslogHeader.of(1, 6, "h", "d4", longType).msgId(), "MSGID is at most 32 characters");
    }

    @Test
    void refusesWhatTheFormatCannotCarry() {
        OffsetDateTime t = OffsetDateTime.parse("2003-10-11T22:14:15.003Z");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rfc5424.message(24, 0, t, "h", "a", "-", "-", "-", null, false))
                .getMessage().contains("facility must be 0 to 23"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rfc5424.message(1, 8, t, "h", "a", "-", "-", "-", null, false))
                .getMessage().contains("severity must be 0 to 7"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rfc5424.message(1, 6, t, "my host", "a", "-", "-", "-", null, false))
                .getMessage().contains("HOSTNAME must be printable US-ASCII without spaces"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rfc5424.message(1, 6, t, "h", "a".repeat(49), "-", "-", "-", null, false))
                .getMessage().contains("APP-NAME must be at most 48 characters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rfc5424.message(1, 6, t, "h\u00e9", "a", "-", "-", "-", null, false))
                .getMessage().contains("HOSTNAME"));
    }

    static byte[] concat(String head, byte[] middle, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(UTF_8));
        out.writeBytes(middle);
        out.writeBytes(tail.getBytes(UTF_8));
        return out.toByteArray();
    }
}
