// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small libpcap captures of Ethernet/IPv4/UDP packets, built by hand, and a strict reader for assertions. */
final class Captures {
    static final int LINKTYPE_ETHERNET = 1;

    private Captures() {
    }

    static byte[] globalHeader(ByteOrder order, boolean nanos) {
        ByteBuffer b = ByteBuffer.allocate(PcapFormat.GLOBAL_HEADER_BYTES).order(order);
        b.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LINKTYPE_ETHERNET);
        return b.array();
    }

    static byte[] record(ByteOrder order, int second, byte[] packet) {
        ByteBuffer b = ByteBuffer.allocate(PcapFormat.RECORD_HEADER_BYTES + packet.length).order(order);
        b.putInt(1_714_979_289 + second).putInt(1000 * second).putInt(packet.length).putInt(packet.length).put(packet);
        return b.array();
    }

    /** Record headers of {@code count} packets with payloads of 10, 11, 12, ... bytes. */
    static List<byte[]> records(ByteOrder order, int count) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(order, i, udpPacket(i, 10 + i)));
        }
        return records;
    }

    static byte[] capture(ByteOrder order, boolean nanos, int count) {
        return concat(globalHeader(order, nanos), concat(records(order, count).toArray(byte[][]::new)));
    }

    /** An Ethernet frame with an IPv4 UDP datagram from 192.0.2.1 to 192.0.2.2 (checksums left 0, as offloading NICs do). */
    static byte[] udpPacket(int sequence, int payloadBytes) {
        int ipLength = 20 + 8 + payloadBytes;
        ByteBuffer b = ByteBuffer.allocate(14 + ipLength);
        b.put(new byte[] {0, 0, 0x5e, 0, 0x53, 2}).put(new byte[] {0, 0, 0x5e, 0, 0x53, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) sequence).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[] {(byte) 192, 0, 2, 1}).put(new byte[] {(byte) 192, 0, 2, 2});
        b.putShort((short) 40000).putShort((short) 9999).putShort((short) (8 + payloadBytes)).putShort((short) 0);
        for (int i = 0; i < payloadBytes; i++) {
            b.put((byte) ('a' + (i + sequence) % 26));
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The records of a capture, asserting it is a global header then whole records, nothing more. */
    static List<byte[]> wholeRecords(byte[] capture, ByteOrder order) {
        assertTrue(capture.length >= PcapFormat.GLOBAL_HEADER_BYTES, "shorter than a global header");
        List<byte[]> records = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(capture).order(order);
        int at = PcapFormat.GLOBAL_HEADER_BYTES;
        while (at < capture.length) {
            assertTrue(capture.length - at >= PcapFormat.RECORD_HEADER_BYTES, "torn record header at " + at);
            int length = b.getInt(at + 8);
            assertTrue(capture.length - at - PcapFormat.RECORD_HEADER_BYTES >= length, "torn record at " + at);
            records.add(Arrays.copyOfRange(capture, at, at + PcapFormat.RECORD_HEADER_BYTES + length));
            at += PcapFormat.RECORD_HEADER_BYTES + length;
        }
        assertEquals(capture.length, at);
        return records;
    }
}
