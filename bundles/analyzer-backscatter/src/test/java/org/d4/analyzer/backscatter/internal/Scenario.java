// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * A synthetic telescope capture with known content: attacks of every kind (SYN-ACK, RST, ICMP
 * replies, ICMP errors quoting spoofed IPv4 and IPv6 packets, IPv6 floods, one victim attacked
 * twice), vectors just short of an attack, background scans (Mirai-style, ECN SYNs, ACK scans),
 * UDP noise, traffic outside the telescope, malformed, truncated and fragmented packets.
 */
final class Scenario {
    static final long T0 = 1_700_000_000L;
    static final String TELESCOPE_V4 = "10.128.0.0/16";
    static final String TELESCOPE_V6 = "2001:db8:7e1e::/48";

    /** What the generator put in: one expected attack. */
    record Expected(String victim, int protocol, Set<Integer> ports, Set<Integer> icmpTypes, long startMicros, long endMicros,
            long packets, long bytes, int targets, int maxPpm, String router) {
    }

    final List<CaptureWriter.Frame> frames = new ArrayList<>();
    final List<Expected> attacks = new ArrayList<>();
    long outside;
    long malformed;
    long fragments;
    long notIp;
    long mirai;
    private final Random random = new Random(15);

    static Scenario standard() {
        Scenario s = new Scenario();
        s.attacks();
        s.belowThresholds();
        s.background();
        s.bad();
        s.frames.sort(Comparator.comparingLong(CaptureWriter.Frame::micros));
        return s;
    }

    private void attacks() {
        // the first victim also sent a pure SYN before: the reference tool leaves it out, we do not
        frames.add(new CaptureWriter.Frame(micros(-5), IpPackets.v4("198.51.100.10", v4Target(7), 6, IpPackets.tcp(41000, 80, 77, 0x02))));
        flood("198.51.100.10", 6, 80, null, 0, 1000, 120, (i, dst) -> IpPackets.v4("198.51.100.10", dst, 6,
                IpPackets.tcp(80, 1024 + i, i, 0x12), i % 3 == 0 ? 1 : 0, 0), i -> i % 3 == 0 ? 1 + i % 2 : 0);
        flood("198.51.100.20", 6, 443, null, 50, 500, 200, (i, dst) -> IpPackets.v4("198.51.100.20", dst, 6,
                IpPackets.tcp(443, 2000 + i, 0, i % 2 == 0 ? 0x04 : 0x14)), i -> 0);
        flood("203.0.113.5", 1, -1, null, 100, 2000, 45, (i, dst) -> IpPackets.v4("203.0.113.5", dst, 1,
                IpPackets.icmp(0, 0, new byte[32])), i -> 0);
        flood("203.0.113.77", 17, 53, "198.18.0.1", 200, 1250, 80, (i, dst) -> IpPackets.v4("198.18.0.1", dst, 1,
                IpPackets.icmp(3, 3, IpPackets.v4(dst, "203.0.113.77", 17, IpPackets.udp(5000 + i, 53, 20)))), i -> 0);
        flood("203.0.113.88", 6, 22, "198.18.0.2", 300, 1000, 70, (i, dst) -> IpPackets.v4("198.18.0.2", dst, 1,
                IpPackets.icmp(11, 0, java.util.Arrays.copyOf(IpPackets.v4(dst, "203.0.113.88", 6, IpPackets.tcp(6000 + i, 22, i, 0x02)), 28))),
                i -> 0);
        flood("2001:db8:aaaa::1", 6, 80, null, 400, 1000, 90, (i, dst) -> IpPackets.v6("2001:db8:aaaa::1", dst, 6,
                IpPackets.tcp(80, 3000 + i, i, 0x12), i % 4 == 0), i -> 0);
        flood("2001:db8:bbbb::2", 17, 123, "2001:db8:ffff::1", 450, 2000, 40, (i, dst) -> IpPackets.v6("2001:db8:ffff::1", dst, 58,
                IpPackets.icmp(1, 4, IpPackets.v6(dst, "2001:db8:bbbb::2", 17, IpPackets.udp(7000 + i, 123, 8), false)), false), i -> 0);
        flood("2001:db8:cccc::3", 58, -1, null, 500, 500, 150, (i, dst) -> IpPackets.v6("2001:db8:cccc::3", dst, 58,
                IpPackets.icmp(129, 0, new byte[16]), false), i -> 0);
        // one victim, two attacks 301 s apart
        flood("198.51.100.99", 6, 25, null, 600, 1000, 70, (i, dst) -> IpPackets.v4("198.51.100.99", dst, 6,
                IpPackets.tcp(25, 4000 + i, 0, 0x12)), i -> 0);
        flood("198.51.100.99", 6, 25, null, 669 + 301, 1000, 70, (i, dst) -> IpPackets.v4("198.51.100.99", dst, 6,
                IpPackets.tcp(25, 4000 + i, 0, 0x12)), i -> 0);
    }

    private void belowThresholds() {
        noAttack("198.51.100.200", 0, 3000, 24);
        noAttack("198.51.100.201", 100, 250, 100);
        noAttack("198.51.100.202", 200, 20_000, 40);
        // would be an attack, but its packets go to addresses outside the telescope
        for (int i = 0; i < 61; i++) {
            frames.add(new CaptureWriter.Frame(micros(10) + i * 1_000_000L, IpPackets.v4("198.51.100.150", "192.0.2.55", 6,
                    IpPackets.tcp(80, 9000 + i, 0, 0x12))));
            outside++;
        }
    }

    private void noAttack(String victim, long start, long intervalMillis, int count) {
        for (int i = 0; i < count; i++) {
            frames.add(new CaptureWriter.Frame(micros(start) + i * intervalMillis * 1000, IpPackets.v4(victim, v4Target(i), 6,
                    IpPackets.tcp(8080, 5000 + i, 0, 0x12))));
        }
    }

    private void background() {
        for (int s = 0; s < 30; s++) {
            String scanner = "100.64." + s + ".9";
            int kind = s % 6;
            for (int k = 0; k < 20; k++) {
                long t = micros(-10) + (long) (random.nextDouble() * 1_710_000_000L);
                String dst = "10.128." + random.nextInt(256) + "." + random.nextInt(256);
                int dstInt = (int) Addresses.parse(dst)[1];
                byte[] tcp = switch (kind) {
                    case 0 -> {
                        mirai++;
                        yield IpPackets.tcp(40000 + k, 23, dstInt, 0x02);
                    }
                    case 1 -> IpPackets.tcp(40000 + k, 445, k, 0xC2);
                    case 2 -> IpPackets.tcp(40000 + k, 3389, k, 0x10);
                    default -> IpPackets.tcp(40000 + k, 22 + s, k, 0x02);
                };
                frames.add(new CaptureWriter.Frame(t, IpPackets.v4(scanner, dst, 6, tcp)));
            }
        }
        for (int k = 0; k < 100; k++) {
            long t = micros(-10) + (long) (random.nextDouble() * 1_710_000_000L);
            frames.add(new CaptureWriter.Frame(t, IpPackets.v4("100.65.0." + (k % 7), v4Target(k), 17, IpPackets.udp(5353, 1900, 30))));
        }
        for (int k = 0; k < 20; k++) {
            frames.add(new CaptureWriter.Frame(micros(k * 80L), IpPackets.v4("100.66.0.1", v4Target(k), 1, IpPackets.icmp(8, 0, new byte[8]))));
        }
        // the last packet, long after every vector timed out
        frames.add(new CaptureWriter.Frame(micros(1700), IpPackets.v4("100.66.0.2", v4Target(1), 17, IpPackets.udp(1, 2, 0))));
    }

    private void bad() {
        byte[] synAck = IpPackets.v4("198.51.100.30", v4Target(3), 6, IpPackets.tcp(80, 1, 0, 0x12));
        for (int i = 0; i < 5; i++) {
            // truncated inside the TCP header
            frames.add(new CaptureWriter.Frame(micros(20 + i), synAck, 0, 12));
            malformed++;
        }
        for (int i = 0; i < 3; i++) {
            byte[] badHeader = synAck.clone();
            badHeader[0] = 0x44;
            frames.add(new CaptureWriter.Frame(micros(30 + i), badHeader));
            malformed++;
        }
        for (int i = 0; i < 3; i++) {
            byte[] shortQuote = IpPackets.v4("198.18.0.3", v4Target(4), 1, IpPackets.icmp(3, 1, new byte[10]));
            frames.add(new CaptureWriter.Frame(micros(40 + i), shortQuote));
            malformed++;
        }
        for (int i = 0; i < 4; i++) {
            frames.add(new CaptureWriter.Frame(micros(50 + i), IpPackets.v4("198.51.100.31", v4Target(5), 6,
                    IpPackets.tcp(80, 1, 0, 0x12), 0, 0x2000)));
            fragments++;
        }
        byte[] fragmentHeader = {6, 0, 0, 0x08, 0, 0, 0, 1};
        frames.add(new CaptureWriter.Frame(micros(60), IpPackets.v6("2001:db8:aaaa::9", "2001:db8:7e1e::5", 44,
                IpPackets.concat(fragmentHeader, new byte[16]), false)));
        fragments++;
        byte[] arp = new byte[28];
        arp[1] = 1;
        frames.add(new CaptureWriter.Frame(micros(70), arp));
        notIp++;
    }

    /** Evenly spaced packets of one victim to addresses from a pool of 40 telescope addresses. */
    private void flood(String victim, int protocol, int port, String router, long startSeconds, long intervalMillis, int count,
            BiFunction<Integer, String, byte[]> packet, java.util.function.IntUnaryOperator vlanTags) {
        boolean v6 = victim.contains(":");
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pool.add(v6 ? "2001:db8:7e1e:" + Integer.toHexString(1 + random.nextInt(0xfff)) + "::" + Integer.toHexString(1 + i)
                    : v4Target(random.nextInt(1 << 16)));
        }
        Set<String> used = new HashSet<>();
        long bytes = 0;
        long start = micros(startSeconds);
        Set<Integer> types = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            String dst = pool.get(random.nextInt(pool.size()));
            used.add(dst);
            byte[] ip = packet.apply(i, dst);
            bytes += ip.length;
            int ipProtocol = ip[0] >> 4 == 4 ? ip[9] : ip[6] == 0 ? ip[40] : ip[6];
            if (ipProtocol == 1 || ipProtocol == 58) {
                types.add(ip[(ip[0] >> 4 == 4 ? (ip[0] & 0xf) * 4 : ip[6] == 0 ? 48 : 40)] & 0xff);
            }
            frames.add(new CaptureWriter.Frame(start + i * intervalMillis * 1000, ip, vlanTags.applyAsInt(i), 0));
        }
        long end = start + (count - 1) * intervalMillis * 1000;
        int ppm = (int) Math.min(count, 60_000 / intervalMillis);
        attacks.add(new Expected(victim, protocol, port < 0 ? Set.of() : Set.of(port), types, start, end, count, bytes, used.size(), ppm,
                router));
    }

    static long micros(long secondsFromT0) {
        return (T0 + secondsFromT0) * 1_000_000L;
    }

    static String v4Target(int n) {
        return "10.128." + ((n >>> 8) & 0xff) + "." + (n & 0xff);
    }
}
