// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.d4.fingerprint.FlowLimits;
import org.d4.fingerprint.HandshakeRecord;
import org.d4.fingerprint.TlsFingerprinter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recorded Ethernet captures rewritten in every file layout and link-layer framing the reader
 * and decoder accept: the handshakes found must be the same as in the original file.
 */
class CaptureFormatsTest {

    private record Packet(long nanos, byte[] frame) {
    }

    private static List<Packet> ipv4;
    private static List<Packet> ipv6;
    private static String ipv4Ja3;
    private static String ipv6Ja3;

    @BeforeAll
    static void readOriginals() throws IOException {
        ipv4 = packets("tls13-ipv4.pcap");
        ipv6 = packets("tls12-mtls-ipv6.pcap");
        ipv4Ja3 = fingerprint(resource("tls13-ipv4.pcap")).get(0).ja3();
        ipv6Ja3 = fingerprint(resource("tls12-mtls-ipv6.pcap")).get(0).ja3();
        assertNotNull(ipv4Ja3);
        assertNotNull(ipv6Ja3);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = CaptureFormatsTest.class.getResourceAsStream("/captures/" + name)) {
            return in.readAllBytes();
        }
    }

    private static List<Packet> packets(String name) throws IOException {
        List<Packet> packets = new ArrayList<>();
        new CaptureReader(new ByteArrayInputStream(resource(name))).readAll((link, ts, data, offset, length) -> {
            assertEquals(PacketDecoder.LINK_ETHERNET, link);
            packets.add(new Packet(ts, Arrays.copyOfRange(data, offset, offset + length)));
        });
        return packets;
    }

    private static List<HandshakeRecord> fingerprint(byte[] capture) throws IOException {
        List<HandshakeRecord> records = new ArrayList<>();
        new TlsFingerprinter(FlowLimits.defaults(), records::add).readCapture(new ByteArrayInputStream(capture));
        return records;
    }

    private static byte[] pcap(List<Packet> packets, ByteOrder order, boolean nano, int linkType, UnaryOperator<byte[]> frame) {
        CaptureWriter w = CaptureWriter.pcap(order, nano, linkType);
        packets.forEach(p -> w.pcapPacket(p.nanos(), frame.apply(p.frame())));
        return w.bytes();
    }

    private static void assertJa3(String expected, byte[] capture) throws IOException {
        List<HandshakeRecord> records = fingerprint(capture);
        assertEquals(1, records.size());
        assertEquals(expected, records.get(0).ja3());
    }

    @Test
    void pcapInBothByteOrdersAndResolutions() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            for (boolean nano : new boolean[] {false, true}) {
                byte[] capture = pcap(ipv4, order, nano, 1, f -> f);
                assertJa3(ipv4Ja3, capture);
                List<HandshakeRecord> records = fingerprint(capture);
                long expected = ipv4.get(0).nanos();
                long got = records.get(0).timestamp().getEpochSecond();
                assertEquals(expected / 1_000_000_000L, got, order + " nano=" + nano);
            }
        }
    }

    @Test
    void pcapngWithTwoInterfacesOfDifferentLinkTypesAndResolutions() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            CaptureWriter w = CaptureWriter.pcapng(order);
            w.pcapngInterface(PacketDecoder.LINK_ETHERNET, -1);          // microseconds
            w.pcapngInterface(PacketDecoder.LINK_RAW, 9);                // nanoseconds
            w.block(0x0bad, new byte[12]);                               // an unknown block: skipped
            w.simplePacket(new byte[] {1, 2, 3});                         // on interface 0, not IP
            for (int i = 0; i < ipv4.size(); i++) {
                Packet p = ipv4.get(i);
                if (i % 2 == 0) {
                    w.enhancedPacket(0, p.nanos() / 1000, p.frame());
                } else {
                    w.enhancedPacket(1, p.nanos(), Arrays.copyOfRange(p.frame(), 14, p.frame().length));
                }
            }
            List<HandshakeRecord> records = fingerprint(w.bytes());
            assertEquals(1, records.size());
            assertEquals(ipv4Ja3, records.get(0).ja3());
        }
    }

    @Test
    void pcapngSectionsEachDeclareTheirOwnInterfaces() throws IOException {
        CaptureWriter first = CaptureWriter.pcapng(ByteOrder.BIG_ENDIAN);
        first.pcapngInterface(PacketDecoder.LINK_RAW, 9);
        int half = ipv4.size() / 2;
        ipv4.subList(0, half).forEach(p -> first.enhancedPacket(0, p.nanos(), Arrays.copyOfRange(p.frame(), 14, p.frame().length)));
        CaptureWriter second = CaptureWriter.pcapng(ByteOrder.LITTLE_ENDIAN);
        second.pcapngInterface(PacketDecoder.LINK_ETHERNET, 0x80 | 20);   // 2^-20 s units
        ipv4.subList(half, ipv4.size()).forEach(p -> second.enhancedPacket(0, p.nanos() / 1_000_000_000L * 1_048_576L
                + p.nanos() % 1_000_000_000L * 1_048_576L / 1_000_000_000L, p.frame()));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(first.bytes());
        both.writeBytes(second.bytes());
        assertJa3(ipv4Ja3, both.toByteArray());
        List<Long> stamps = new ArrayList<>();
        new CaptureReader(new ByteArrayInputStream(both.toByteArray())).readAll((link, ts, data, offset, length) -> stamps.add(ts));
        long last = ipv4.get(ipv4.size() - 1).nanos();
        assertTrue(Math.abs(stamps.get(stamps.size() - 1) - last) < 2_000, "binary resolution converted to nanoseconds");
    }

    @Test
    void everyLinkLayerFraming() throws IOException {
        assertJa3(ipv4Ja3, pcap(ipv4, ByteOrder.LITTLE_ENDIAN, false, 1, f -> tagged(f, 0x8100)));
        assertJa3(ipv4Ja3, pcap(ipv4, ByteOrder.LITTLE_ENDIAN, false, 1, f -> tagged(tagged(f, 0x8100), 0x88a8)));
        assertJa3(ipv6Ja3, pcap(ipv6, ByteOrder.LITTLE_ENDIAN, false, 1, f -> tagged(f, 0x8100)));
        assertJa3(ipv4Ja3, pcap(ipv4, ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINK_LINUX_SLL, f -> sll(f)));
        for (int raw : new int[] {PacketDecoder.LINK_RAW, PacketDecoder.LINK_RAW_OPENBSD, PacketDecoder.LINK_RAW_BSDOS}) {
            assertJa3(ipv4Ja3, pcap(ipv4, ByteOrder.BIG_ENDIAN, false, raw, f -> Arrays.copyOfRange(f, 14, f.length)));
            assertJa3(ipv6Ja3, pcap(ipv6, ByteOrder.BIG_ENDIAN, false, raw, f -> Arrays.copyOfRange(f, 14, f.length)));
        }
        assertJa3(ipv4Ja3, pcap(ipv4, ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINK_NULL, f -> loopback(f, 2, true)));
        assertJa3(ipv6Ja3, pcap(ipv6, ByteOrder.LITTLE_ENDIAN, false, PacketDecoder.LINK_NULL, f -> loopback(f, 30, true)));
        assertJa3(ipv6Ja3, pcap(ipv6, ByteOrder.BIG_ENDIAN, false, PacketDecoder.LINK_LOOP, f -> loopback(f, 24, false)));
    }

    @Test
    void ipv6ExtensionHeadersAndIpv4Options() throws IOException {
        assertJa3(ipv6Ja3, pcap(ipv6, ByteOrder.LITTLE_ENDIAN, false, 1, CaptureFormatsTest::withIpv6Extensions));
        assertJa3(ipv4Ja3, pcap(ipv4, ByteOrder.LITTLE_ENDIAN, false, 1, CaptureFormatsTest::withIpv4Options));
    }

    @Test
    void fragmentsAreCountedAndIgnored() {
        PacketDecoder decoder = new PacketDecoder();
        byte[] frame = ipv4.get(3).frame().clone();
        frame[14 + 6] = 0x20;                                   // more fragments
        assertNull(decoder.decode(1, 0, frame, 0, frame.length));
        byte[] later = ipv4.get(3).frame().clone();
        later[14 + 7] = 0x10;                                   // a non-zero offset
        assertNull(decoder.decode(1, 0, later, 0, later.length));
        byte[] v6 = withIpv6Header(ipv6.get(3).frame(), 44, new byte[] {0, 0, 0, 1, 0, 0, 0, 9});
        assertNull(decoder.decode(1, 0, v6, 0, v6.length));
        assertEquals(3, decoder.fragments());
        assertEquals(0, decoder.undecodable());
    }

    @Test
    void everyTruncationOfAFrameIsSafe() {
        PacketDecoder decoder = new PacketDecoder();
        byte[] frame = withIpv6Extensions(ipv6.get(3).frame());
        for (int link : new int[] {0, 1, 12, 14, 101, 108, 113, 276, 9999}) {
            for (int cut = 0; cut <= frame.length; cut++) {
                TcpSegment s = decoder.decode(link, 0, frame, 0, cut);
                if (s != null) {
                    assertTrue(s.payloadOffset() + s.payloadLength() <= cut);
                }
            }
        }
        assertTrue(decoder.undecodable() > 0);
    }

    @Test
    void badFilesRaiseIoExceptionsOnly() throws IOException {
        assertThrows(CaptureFormatException.class, () -> read(new byte[0]));
        assertThrows(CaptureFormatException.class, () -> read("not a capture at all".getBytes()));
        byte[] good = resource("tls13-ipv4.pcap");
        assertThrows(EOFException.class, () -> read(Arrays.copyOf(good, good.length - 7)));
        byte[] huge = pcap(ipv4.subList(0, 1), ByteOrder.BIG_ENDIAN, false, 1, f -> f);
        huge[24 + 8] = 0x7f;                                    // captured length about 2 GB
        assertThrows(CaptureFormatException.class, () -> read(huge));
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            if (noise.length >= 4 && random.nextBoolean()) {
                System.arraycopy(random.nextBoolean() ? new byte[] {0x0a, 0x0d, 0x0d, 0x0a} : new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1}, 0, noise, 0, 4);
            }
            try {
                new TlsFingerprinter(FlowLimits.defaults(), r -> { }).readCapture(new ByteArrayInputStream(noise));
            } catch (IOException expected) {
                // the only way noise may fail
            }
        }
    }

    private static void read(byte[] capture) throws IOException {
        new CaptureReader(new ByteArrayInputStream(capture)).readAll((link, ts, data, offset, length) -> { });
    }

    private static byte[] tagged(byte[] frame, int tpid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frame, 0, 12);
        out.writeBytes(new byte[] {(byte) (tpid >>> 8), (byte) tpid, 0, 42});
        out.write(frame, 12, frame.length - 12);
        return out.toByteArray();
    }

    private static byte[] sll(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0});
        out.write(frame, 12, frame.length - 12);
        return out.toByteArray();
    }

    private static byte[] loopback(byte[] frame, int family, boolean littleEndian) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(littleEndian ? new byte[] {(byte) family, 0, 0, 0} : new byte[] {0, 0, 0, (byte) family});
        out.write(frame, 14, frame.length - 14);
        return out.toByteArray();
    }

    /** A hop-by-hop and a destination-options header (8 bytes each, PadN) between IPv6 and TCP. */
    private static byte[] withIpv6Extensions(byte[] frame) {
        byte[] withDestination = withIpv6Header(frame, 60, new byte[] {0, 0, 1, 4, 0, 0, 0, 0});
        return withIpv6Header(withDestination, 0, new byte[] {0, 0, 1, 4, 0, 0, 0, 0});
    }

    private static byte[] withIpv6Header(byte[] frame, int type, byte[] header) {
        byte[] h = header.clone();
        h[0] = frame[14 + 6];                                   // the new header points to what came next
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frame, 0, 54);
        out.writeBytes(h);
        out.write(frame, 54, frame.length - 54);
        byte[] result = out.toByteArray();
        result[14 + 6] = (byte) type;
        int payload = ((frame[14 + 4] & 0xff) << 8 | (frame[14 + 5] & 0xff)) + h.length;
        result[14 + 4] = (byte) (payload >>> 8);
        result[14 + 5] = (byte) payload;
        return result;
    }

    /** Four NOP options: header length 24 bytes. */
    private static byte[] withIpv4Options(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(frame, 0, 34);
        out.writeBytes(new byte[] {1, 1, 1, 1});
        out.write(frame, 34, frame.length - 34);
        byte[] result = out.toByteArray();
        result[14] = 0x46;
        int total = ((frame[16] & 0xff) << 8 | (frame[17] & 0xff)) + 4;
        result[16] = (byte) (total >>> 8);
        result[17] = (byte) total;
        return result;
    }
}
