// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumeTest {
    static final Random RANDOM = new Random(7);

    /** A little-endian microsecond pcap stream: global header + records of the given sizes. */
    static byte[] pcap(int... sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(262144).putInt(1).array());
        int i = 0;
        for (int size : sizes) {
            out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1_700_000_000 + i++).putInt(0).putInt(size).putInt(size).array());
            byte[] data = new byte[size];
            RANDOM.nextBytes(data);
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    @Test
    void pcapResumeKeepsTheGlobalHeaderAndTheRecordInProgress() {
        byte[] stream = pcap(100, 3000, 50);
        PcapResume r = new PcapResume();
        int cut = 24 + 16 + 100 + 16 + 1000;   // in the middle of the second record's data
        for (int p = 0; p < cut; p += 7) {      // fed in odd pieces, as chunks come
            r.sent(stream, p, Math.min(7, cut - p));
        }
        byte[] expected = new byte[24 + 16 + 1000];
        System.arraycopy(stream, 0, expected, 0, 24);
        System.arraycopy(stream, 24 + 16 + 100, expected, 24, 16 + 1000);
        assertArrayEquals(expected, r.prefix());
        r.sent(stream, cut, stream.length - cut);
        assertArrayEquals(Arrays.copyOf(stream, 24), r.prefix(), "at a record boundary only the global header");
        r.reset();
        assertEquals(0, r.prefix().length);
    }

    @Test
    void bigEndianAndNanosecondMagicAreFollowedToo() {
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 4).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0xA1B23C4D).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        b.putInt(1).putInt(2).putInt(4).putInt(4).putInt(0xCAFEBABE);
        PcapResume r = new PcapResume();
        r.sent(b.array(), 0, 24 + 16 + 2);
        assertEquals(24 + 16 + 2, r.prefix().length);
        r.sent(b.array(), 42, 2);
        assertEquals(24, r.prefix().length);
    }

    @Test
    void streamsThatAreNoPcapAreNotTracked() {
        PcapResume r = new PcapResume();
        byte[] text = "this is no pcap stream at all, just text lines\n".getBytes();
        r.sent(text, 0, text.length);
        assertEquals(0, r.prefix().length);
        PcapResume huge = new PcapResume();
        byte[] stream = pcap(10);
        ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 100 << 20);   // incl_len of 100 MiB
        huge.sent(stream, 0, 40);
        assertEquals(0, huge.prefix().length, "a record beyond 16 MiB is not held");
    }

    @Test
    void lineResumeKeepsTheLineInProgress() {
        LineResume r = new LineResume();
        byte[] a = "one\ntwo\nthr".getBytes();
        r.sent(a, 0, a.length);
        assertArrayEquals("thr".getBytes(), r.prefix());
        byte[] b = "ee and more".getBytes();
        r.sent(b, 0, b.length);
        assertArrayEquals("three and more".getBytes(), r.prefix());
        byte[] c = "\n".getBytes();
        r.sent(c, 0, 1);
        assertEquals(0, r.prefix().length);
        byte[] huge = new byte[LineResume.MAX_LINE + 1];
        r.sent(huge, 0, huge.length);
        assertEquals(0, r.prefix().length, "a line longer than the server keeps is not held");
        r.sent("x\nyz".getBytes(), 0, 4);
        assertTrue(Arrays.equals("yz".getBytes(), r.prefix()));
    }
}
