// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    /** Hands out one byte at a time: lines cut across every read. */
    static InputStream trickle(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int at;

            @Override
            public int read() {
                return at < bytes.length ? bytes[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[at++];
                return 1;
            }
        };
    }

    @Test
    void linesCutAnywhere() throws Exception {
        LineReader r = new LineReader(trickle("one\r\ntwo\n\nthré\nlast"), 10, 1000);
        assertEquals("one", r.next());
        assertEquals("two", r.next());
        assertEquals("", r.next());
        assertEquals("thré", r.next());
        assertEquals("last", r.next());
        assertNull(r.next());
    }

    @Test
    void overlongLinesAreSkippedWhole() throws Exception {
        LineReader r = new LineReader(new ByteArrayInputStream(("short\n" + "x".repeat(200_000) + "\nafter\n").getBytes(StandardCharsets.UTF_8)), 100, 1_000_000);
        assertEquals("short", r.next());
        assertSame(LineReader.OVERLONG, r.next());
        assertEquals("after", r.next());
        assertNull(r.next());
    }

    @Test
    void theTotalIsBounded() throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream("a\n".repeat(100_000).getBytes(StandardCharsets.UTF_8)), 100, 1000);
        org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class, () -> {
            while (r.next() != null) {
                // read on
            }
        });
    }
}
