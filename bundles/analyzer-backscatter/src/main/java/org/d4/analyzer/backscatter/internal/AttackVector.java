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
    /** The protocol numbers seen, as a 256-bit set. */
    private final long[] protocols;
    /** Allocated on first use: most vectors have ports only or ICMP types only. */
    private SmallSet ports;
    private SmallSet icmpTypes;
    private final DistinctCounter targets;
    private long routerHi;
    private long routerLo;
    private long routerPackets;
    private long firstFile;
    private long lastFile;
    private final int[] buckets;
    private long currentBucket;
    private int windowSum;
    private int maxPerMinute;

    AttackVector(long victimHi, long victimLo, long firstMicros) {
        this(victimHi, victimLo, firstMicros, new long[4], null, null, new DistinctCounter(), new int[BUCKETS]);
        this.lastMicros = firstMicros;
    }

    private AttackVector(long victimHi, long victimLo, long firstMicros, long[] protocols, SmallSet ports, SmallSet icmpTypes,
            DistinctCounter targets, int[] buckets) {
        this.victimHi = victimHi;
        this.victimLo = victimLo;
        this.firstMicros = firstMicros;
        this.protocols = protocols;
        this.ports = ports;
        this.icmpTypes = icmpTypes;
        this.targets = targets;
        this.buckets = buckets;
    }

    /** Adds one backscatter packet of this victim. */
    void add(Packet p) {
        long t = Math.max(p.micros, lastMicros);
        lastMicros = t;
        packets++;
        bytes += p.ipLength;
        if (p.attackProtocol >= 0) {
            protocols[p.attackProtocol >>> 6] |= 1L << (p.attackProtocol & 63);
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
                windowSum -= buckets[slot];
                buckets[slot] = 0;
            }
            currentBucket = bucket;
        }
        buckets[(int) (currentBucket % BUCKETS)]++;
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
        int n = 0;
        for (long w : protocols) {
            n += Long.bitCount(w);
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < 256; i++) {
            if ((protocols[i >>> 6] & (1L << (i & 63))) != 0) {
                out[k++] = i;
            }
        }
        return out;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(victimHi);
        out.writeLong(victimLo);
        out.writeLong(firstMicros);
        out.writeLong(lastMicros);
        out.writeLong(packets);
        out.writeLong(bytes);
        for (long w : protocols) {
            out.writeLong(w);
        }
        (ports == null ? new SmallSet(MAX_PORTS) : ports).write(out);
        (icmpTypes == null ? new SmallSet(MAX_TYPES) : icmpTypes).write(out);
        targets.write(out);
        out.writeLong(routerHi);
        out.writeLong(routerLo);
        out.writeLong(routerPackets);
        out.writeLong(firstFile);
        out.writeLong(lastFile);
        for (int b : buckets) {
            out.writeInt(b);
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
        long[] protocols = new long[4];
        for (int i = 0; i < 4; i++) {
            protocols[i] = in.readLong();
        }
        SmallSet ports = SmallSet.read(in, MAX_PORTS);
        SmallSet types = SmallSet.read(in, MAX_TYPES);
        DistinctCounter targets = DistinctCounter.read(in);
        int[] buckets = new int[BUCKETS];
        AttackVector v = new AttackVector(hi, lo, first, protocols, ports.size() == 0 ? null : ports, types.size() == 0 ? null : types,
                targets, buckets);
        v.lastMicros = last;
        v.packets = packets;
        v.bytes = bytes;
        v.routerHi = in.readLong();
        v.routerLo = in.readLong();
        v.routerPackets = in.readLong();
        v.firstFile = in.readLong();
        v.lastFile = in.readLong();
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = in.readInt();
        }
        v.currentBucket = in.readLong();
        v.windowSum = in.readInt();
        v.maxPerMinute = in.readInt();
        return v;
    }
}
