// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hostile bytes at every layer: never an exception, always a verdict. */
class DecoderTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet p = new Packet();

    @Test
    void everyPrefixOfEveryPacketKindDecodesOrIsRefused() {
        Scenario s = Scenario.standard();
        for (CaptureWriter.Frame f : s.frames) {
            byte[] ip = f.ip();
            for (int len = 0; len <= ip.length; len++) {
                decoder.decode(0, PacketDecoder.DLT_RAW, ip, 0, len, p);
            }
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random r = new Random(1);
        byte[] buf = new byte[200];
        for (int i = 0; i < 200_000; i++) {
            r.nextBytes(buf);
            if (i % 2 == 0) {
                buf[0] = (byte) (r.nextBoolean() ? 0x45 : 0x60);
            }
            int link = new int[] {0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 999}[i % 11];
            PacketDecoder.Result res = decoder.decode(0, link, buf, 0, r.nextInt(buf.length + 1), p);
            if (res == PacketDecoder.Result.OK) {
                Classifier.classify(p);
            }
        }
    }

    @Test
    void anIcmpErrorNamesTheQuotedDestinationAsVictim() {
        byte[] ip = IpPackets.v4("198.18.0.1", "10.128.0.1", 1,
                IpPackets.icmp(3, 3, IpPackets.v4("10.128.0.1", "203.0.113.77", 17, IpPackets.udp(5000, 53, 20))));
        assertEquals(PacketDecoder.Result.OK, decoder.decode(0, PacketDecoder.DLT_RAW, ip, 0, ip.length, p));
        assertEquals(Classifier.Kind.BACKSCATTER, Classifier.classify(p));
        assertEquals("203.0.113.77", Addresses.format(p.victimHi, p.victimLo));
        assertEquals(53, p.victimPort);
        assertEquals(Packet.UDP, p.attackProtocol);
        assertEquals(true, p.fromRouter);
    }

    @Test
    void aMiraiSynIsTaggedAnOrdinarySynIsNot() {
        byte[] mirai = IpPackets.v4("100.64.0.1", "10.128.1.2", 6, IpPackets.tcp(1, 23, 0x0a800102, 0x02));
        decoder.decode(0, PacketDecoder.DLT_RAW, mirai, 0, mirai.length, p);
        assertEquals(Classifier.Kind.SCAN, Classifier.classify(p));
        assertEquals(true, Classifier.mirai(p));
        byte[] plain = IpPackets.v4("100.64.0.1", "10.128.1.2", 6, IpPackets.tcp(1, 23, 5, 0xC2));
        decoder.decode(0, PacketDecoder.DLT_RAW, plain, 0, plain.length, p);
        assertEquals(Classifier.Kind.SCAN, Classifier.classify(p));
        assertEquals(false, Classifier.mirai(p));
    }

    @Test
    void addressesAndPrefixesParseOrAreRefused() {
        assertEquals("2001:db8::1", Addresses.format(Addresses.parse("2001:0db8:0:0::1")[0], Addresses.parse("2001:db8::1")[1]));
        assertEquals("10.0.0.0/8", Prefix.parse("10.1.2.3/8").toString());
        assertEquals(Math.pow(2, 16), Prefix.parse("10.128.0.0/16").size());
        for (String bad : new String[] {"", "10.0.0", "300.1.1.1", "example.org", "10.0.0.0/33", "::/129", "10.0.0.0/x", "1.2.3.4.5"}) {
            assertThrows(IllegalArgumentException.class, () -> Prefix.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> MonitoredSpace.parse("not-a-uuid=10.0.0.0/8"));
    }
}
