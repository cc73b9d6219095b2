// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The backscatter of one victim address while it lasts. The packets-per-minute rate is taken, as
 * corsaro does, over a one-minute window sliding in 10-second steps from the vector's first
 * packet: six 10-second buckets, so the state stays a few dozen bytes whatever the traffic.
 */
final class AttackVector {
    static final int MAX_PORTS = 32;
    static final int MAX_TYPES = 16;
    private static final long BUCKET_MICROS = 10_000_000L;
    private static final int BUCKETS = 6;

    final long victimHi;
    final long victimLo;
    private final long firstMicros;
    private long lastMicros;
    private long packets;
    private long bytes;
    /** The protocol numbers below 64 seen (TCP, UDP, ICMP, ICMPv6 among them), as bits; the others in a set made when needed. */
    private long protocols;
    private SmallSet otherProtocols;
    /** Allocated on first use: most vectors have ports only or ICMP types only. */
    private SmallSet ports;
    private SmallSet icmpTypes;
    private final DistinctCounter targets;
    private long routerHi;
    private long routerLo;
    private long routerPackets;
    private long firstFile;
    private long lastFile;
    // the six 10-second buckets of the one-minute window, as fields: no array to reach per packet
    private int b0;
    private int b1;
    private int b2;
    private int b3;
    private int b4;
    private int b5;
    private long currentBucket;
    private int windowSum;
    private int maxPerMinute;

    AttackVector(long victimHi, long victimLo, long firstMicros) {
        this(victimHi, victimLo, firstMicros, null, null, new DistinctCounter());
        this.lastMicros = firstMicros;
    }

    private AttackVector(long victimHi, long victimLo, long firstMicros, SmallSet ports, SmallSet icmpTypes, DistinctCounter targets) {
        this.victimHi = victimHi;
        this.victimLo = victimLo;
        this.firstMicros = firstMicros;
        this.ports = ports;
        this.icmpTypes = icmpTypes;
        this.targets = targets;
    }

    private int bucket(int i) {
        return switch (i) {
            case 0 -> b0;
            case 1 -> b1;
            case 2 -> b2;
            case 3 -> b3;
            case 4 -> b4;
            default -> b5;
        };
    }

    private void setBucket(int i, int v) {
        switch (i) {
            case 0 -> b0 = v;
            case 1 -> b1 = v;
            case 2 -> b2 = v;
            case 3 -> b3 = v;
            case 4 -> b4 = v;
            default -> b5 = v;
        }
    }

    /** Adds one backscatter packet of this victim. */
    void add(Packet p) {
        long t = Math.max(p.micros, lastMicros);
        lastMicros = t;
        packets++;
        bytes += p.ipLength;
        if (p.attackProtocol >= 0 && p.attackProtocol < 64) {
            protocols |= 1L << p.attackProtocol;
        } else if (p.attackProtocol >= 64) {
            if (otherProtocols == null) {
                otherProtocols = new SmallSet(8);
            }
            otherProtocols.add(p.attackProtocol);
        }
        if (p.victimPort >= 0) {
            if (ports == null) {
                ports = new SmallSet(MAX_PORTS);
            }
            ports.add(p.victimPort);
        }
        if (p.icmpType >= 0) {
            if (icmpTypes == null) {
                icmpTypes = new SmallSet(MAX_TYPES);
            }
            icmpTypes.add(p.ipVersion == 6 ? 0x100 | p.icmpType : p.icmpType);
        }
        targets.add(DistinctCounter.key(p.dstHi, p.dstLo));
        if (firstFile == 0) {
            firstFile = p.file;
        }
        lastFile = Math.max(lastFile, p.file);
        if (p.fromRouter) {
            if (routerPackets == 0) {
                routerHi = p.srcHi;
                routerLo = p.srcLo;
            }
            routerPackets++;
        }
        count(t);
    }

    private void count(long t) {
        long bucket = (t - firstMicros) / BUCKET_MICROS;
        if (bucket > currentBucket) {
            long steps = Math.min(bucket - currentBucket, BUCKETS);
            for (long s = 1; s <= steps; s++) {
                int slot = (int) ((currentBucket + s) % BUCKETS);
                windowSum -= bucket(slot);
                setBucket(slot, 0);
            }
            currentBucket = bucket;
        }
        int slot = (int) (currentBucket % BUCKETS);
        setBucket(slot, bucket(slot) + 1);
        windowSum++;
        if (windowSum > maxPerMinute) {
            maxPerMinute = windowSum;
        }
    }

    long firstMicros() {
        return firstMicros;
    }

    long lastMicros() {
        return lastMicros;
    }

    long packets() {
        return packets;
    }

    int maxPerMinute() {
        return maxPerMinute;
    }

    /** The attack as reported, ongoing or finished; rates scaled by {@code scale}. */
    Attack toAttack(double scale, boolean ongoing) {
        double seconds = Math.max(1.0, (lastMicros - firstMicros) / 1e6);
        double observed = packets / seconds;
        String router = routerPackets == 0 ? null : Addresses.format(routerHi, routerLo);
        return new Attack(Addresses.format(victimHi, victimLo), Packet.isV4(victimHi, victimLo) ? 4 : 6, protocolNumbers(),
                ports == null ? new int[0] : ports.sorted(), ports != null && ports.more(), icmpTypes == null ? new int[0] : icmpTypes.sorted(), firstMicros, lastMicros, packets, bytes, targets.estimate(),
                maxPerMinute, observed, observed * scale, router, routerPackets, ongoing, firstFile, lastFile);
    }

    private int[] protocolNumbers() {
        int[] others = otherProtocols == null ? new int[0] : otherProtocols.sorted();
        int[] out = new int[Long.bitCount(protocols) + others.length];
        int k = 0;
        for (int i = 0; i < 64; i++) {
            if ((protocols & (1L << i)) != 0) {
                out[k++] = i;
            }
        }
        System.arraycopy(others, 0, out, k, others.length);
        return out;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(victimHi);
        out.writeLong(victimLo);
        out.writeLong(firstMicros);
        out.writeLong(lastMicros);
        out.writeLong(packets);
        out.writeLong(bytes);
        out.writeLong(protocols);
        (otherProtocols == null ? new SmallSet(8) : otherProtocols).write(out);
        (ports == null ? new SmallSet(MAX_PORTS) : ports).write(out);
        (icmpTypes == null ? new SmallSet(MAX_TYPES) : icmpTypes).write(out);
        targets.write(out);
        out.writeLong(routerHi);
        out.writeLong(routerLo);
        out.writeLong(routerPackets);
        out.writeLong(firstFile);
        out.writeLong(lastFile);
        for (int i = 0; i < BUCKETS; i++) {
            out.writeInt(bucket(i));
        }
        out.writeLong(currentBucket);
        out.writeInt(windowSum);
        out.writeInt(maxPerMinute);
    }

    static AttackVector read(DataInput in) throws IOException {
        long hi = in.readLong();
        long lo = in.readLong();
        long first = in.readLong();
        long last = in.readLong();
        long packets = in.readLong();
        long bytes = in.readLong();
        long protocols = in.readLong();
        SmallSet others = SmallSet.read(in, 8);
        SmallSet ports = SmallSet.read(in, MAX_PORTS);
        SmallSet types = SmallSet.read(in, MAX_TYPES);
        DistinctCounter targets = DistinctCounter.read(in);
        AttackVector v = new AttackVector(hi, lo, first, ports.size() == 0 ? null : ports, types.size() == 0 ? null : types, targets);
        v.protocols = protocols;
        v.otherProtocols = others.size() == 0 ? null : others;
        v.lastMicros = last;
        v.packets = packets;
        v.bytes = bytes;
        v.routerHi = in.readLong();
        v.routerLo = in.readLong();
        v.routerPackets = in.readLong();
        v.firstFile = in.readLong();
        v.lastFile = in.readLong();
        for (int i = 0; i < BUCKETS; i++) {
            v.setBucket(i, in.readInt());
        }
        v.currentBucket = in.readLong();
        v.windowSum = in.readInt();
        v.maxPerMinute = in.readInt();
        return v;
    }
}
