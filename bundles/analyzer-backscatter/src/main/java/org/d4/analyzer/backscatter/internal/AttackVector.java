// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.d4.analyzer.backscatter.internal.VectorTable.BUCKETS;
import static org.d4.analyzer.backscatter.internal.VectorTable.BYTES;
import static org.d4.analyzer.backscatter.internal.VectorTable.CURRENT_BUCKET;
import static org.d4.analyzer.backscatter.internal.VectorTable.FIRST;
import static org.d4.analyzer.backscatter.internal.VectorTable.FIRST_FILE;
import static org.d4.analyzer.backscatter.internal.VectorTable.FULL;
import static org.d4.analyzer.backscatter.internal.VectorTable.HI;
import static org.d4.analyzer.backscatter.internal.VectorTable.INLINE_TARGETS;
import static org.d4.analyzer.backscatter.internal.VectorTable.LAST;
import static org.d4.analyzer.backscatter.internal.VectorTable.LAST_FILE;
import static org.d4.analyzer.backscatter.internal.VectorTable.LO;
import static org.d4.analyzer.backscatter.internal.VectorTable.PACKETS;
import static org.d4.analyzer.backscatter.internal.VectorTable.PORTS;
import static org.d4.analyzer.backscatter.internal.VectorTable.PROTOCOLS;
import static org.d4.analyzer.backscatter.internal.VectorTable.SPILLED;
import static org.d4.analyzer.backscatter.internal.VectorTable.STRIDE;
import static org.d4.analyzer.backscatter.internal.VectorTable.TARGETS;
import static org.d4.analyzer.backscatter.internal.VectorTable.TARGET_COUNT;
import static org.d4.analyzer.backscatter.internal.VectorTable.TYPES;
import static org.d4.analyzer.backscatter.internal.VectorTable.WINDOW;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The backscatter of one victim address while it lasts, kept as a record of a {@link VectorTable}.
 * The packets-per-minute rate is taken, as corsaro does, over a one-minute window sliding in
 * 10-second steps from the vector's first packet: six 10-second buckets, so the state stays a few
 * dozen bytes whatever the traffic.
 */
final class AttackVector {
    static final int MAX_PORTS = 32;
    static final int MAX_TYPES = 16;
    private static final int MAX_OTHER_PROTOCOLS = 8;
    private static final long BUCKET_MICROS = 10_000_000L;
    private static final int BUCKET_COUNT = 6;

    private AttackVector() {
    }

    /** Starts the vector of a victim whose first packet is at {@code micros}; returns its record number. */
    static int start(VectorTable t, long hi, long lo, long micros) {
        int id = t.create(hi, lo);
        int k = id * STRIDE;
        t.records[k + FIRST] = micros;
        t.records[k + LAST] = micros;
        return id;
    }

    /** Adds one backscatter packet of this vector's victim. */
    static void add(VectorTable t, int id, Packet p) {
        long[] r = t.records;
        int k = id * STRIDE;
        long time = Math.max(p.micros, r[k + LAST]);
        r[k + LAST] = time;
        r[k + PACKETS]++;
        r[k + BYTES] += p.ipLength;
        int protocol = p.attackProtocol;
        if (protocol >= 0 && protocol < 64) {
            r[k + PROTOCOLS] |= 1L << protocol;
        } else if (protocol >= 64) {
            VectorTable.Extras e = t.extras(id);
            if (e.otherProtocols == null) {
                e.otherProtocols = new SmallSet(MAX_OTHER_PROTOCOLS);
            }
            e.otherProtocols.add(protocol);
        }
        if (p.victimPort >= 0) {
            addSmall(t, id, k + PORTS, p.victimPort, true);
        }
        if (p.icmpType >= 0) {
            addSmall(t, id, k + TYPES, p.ipVersion == 6 ? 0x100 | p.icmpType : p.icmpType, false);
        }
        addTarget(t, id, k, DistinctCounter.key(p.dstHi, p.dstLo));
        if (r[k + FIRST_FILE] == 0) {
            r[k + FIRST_FILE] = p.file;
        }
        if (p.file > r[k + LAST_FILE]) {
            r[k + LAST_FILE] = p.file;
        }
        if (p.fromRouter) {
            VectorTable.Extras e = t.extras(id);
            if (e.routerPackets == 0) {
                e.routerHi = p.srcHi;
                e.routerLo = p.srcLo;
            }
            e.routerPackets++;
        }
        count(r, k, time);
    }

    /** Ports or ICMP types: three in the record, all of them in a set once there are more. */
    private static void addSmall(VectorTable t, int id, int field, int value, boolean ports) {
        long[] r = t.records;
        long set = r[field];
        if (VectorTable.inlineCount(set) == SPILLED) {
            VectorTable.Extras e = t.extras(id);
            (ports ? e.ports : e.icmpTypes).add(value);
            return;
        }
        long added = VectorTable.inlineAdd(set, value);
        if (added != FULL) {
            r[field] = added;
            return;
        }
        SmallSet s = inlineSet(set, ports ? MAX_PORTS : MAX_TYPES);
        s.add(value);
        VectorTable.Extras e = t.extras(id);
        if (ports) {
            e.ports = s;
        } else {
            e.icmpTypes = s;
        }
        r[field] = (long) SPILLED << 48;
    }

    private static SmallSet inlineSet(long set, int cap) {
        SmallSet s = new SmallSet(cap);
        for (int i = 0; i < VectorTable.inlineCount(set); i++) {
            s.add(VectorTable.inlineValue(set, i));
        }
        return s;
    }

    /** Distinct targets: eight in the record, a {@link DistinctCounter} once there are more. */
    private static void addTarget(VectorTable t, int id, int k, int target) {
        long[] r = t.records;
        int n = (int) r[k + TARGET_COUNT];
        if (n == SPILLED) {
            t.extras(id).targets.add(target);
            return;
        }
        for (int i = 0; i < n; i++) {
            if (inlineTarget(r, k, i) == target) {
                return;
            }
        }
        if (n < INLINE_TARGETS) {
            int field = k + TARGETS + (n >> 1);
            r[field] |= (target & 0xffff_ffffL) << (32 * (n & 1));
            r[k + TARGET_COUNT] = n + 1;
            return;
        }
        DistinctCounter d = inlineTargets(r, k);
        d.add(target);
        t.extras(id).targets = d;
        r[k + TARGET_COUNT] = SPILLED;
    }

    private static int inlineTarget(long[] r, int k, int i) {
        return (int) (r[k + TARGETS + (i >> 1)] >>> (32 * (i & 1)));
    }

    private static DistinctCounter inlineTargets(long[] r, int k) {
        DistinctCounter d = new DistinctCounter();
        int n = (int) r[k + TARGET_COUNT];
        for (int i = 0; i < n; i++) {
            d.add(inlineTarget(r, k, i));
        }
        return d;
    }

    private static int bucket(long[] r, int k, int i) {
        return (int) (r[k + BUCKETS + (i >> 1)] >>> (32 * (i & 1)));
    }

    private static void setBucket(long[] r, int k, int i, int value) {
        int field = k + BUCKETS + (i >> 1);
        int shift = 32 * (i & 1);
        r[field] = (r[field] & ~(0xffff_ffffL << shift)) | ((value & 0xffff_ffffL) << shift);
    }

    private static void count(long[] r, int k, long time) {
        long current = r[k + CURRENT_BUCKET];
        long since = time - r[k + FIRST];
        int windowSum = (int) (r[k + WINDOW] >>> 32);
        int maxPerMinute = (int) r[k + WINDOW];
        // a division only when the packet may lie past the current bucket
        if (since >= (current + 1) * BUCKET_MICROS || since < 0) {
            long bucket = since / BUCKET_MICROS;
            if (bucket > current) {
                long steps = Math.min(bucket - current, BUCKET_COUNT);
                for (long s = 1; s <= steps; s++) {
                    int slot = (int) ((current + s) % BUCKET_COUNT);
                    windowSum -= bucket(r, k, slot);
                    setBucket(r, k, slot, 0);
                }
                current = bucket;
                r[k + CURRENT_BUCKET] = current;
            }
        }
        int slot = (int) (current % BUCKET_COUNT);
        setBucket(r, k, slot, bucket(r, k, slot) + 1);
        windowSum++;
        if (windowSum > maxPerMinute) {
            maxPerMinute = windowSum;
        }
        r[k + WINDOW] = ((long) windowSum << 32) | (maxPerMinute & 0xffff_ffffL);
    }

    static long firstMicros(VectorTable t, int id) {
        return t.records[id * STRIDE + FIRST];
    }

    static long lastMicros(VectorTable t, int id) {
        return t.records[id * STRIDE + LAST];
    }

    static long packets(VectorTable t, int id) {
        return t.records[id * STRIDE + PACKETS];
    }

    static int maxPerMinute(VectorTable t, int id) {
        return (int) t.records[id * STRIDE + WINDOW];
    }

    static long victimHi(VectorTable t, int id) {
        return t.records[id * STRIDE + HI];
    }

    static long victimLo(VectorTable t, int id) {
        return t.records[id * STRIDE + LO];
    }

    private static SmallSet ports(VectorTable t, int id) {
        VectorTable.Extras e = t.extrasIfAny(id);
        return e != null && e.ports != null ? e.ports : inlineSet(t.records[id * STRIDE + PORTS], MAX_PORTS);
    }

    private static SmallSet icmpTypes(VectorTable t, int id) {
        VectorTable.Extras e = t.extrasIfAny(id);
        return e != null && e.icmpTypes != null ? e.icmpTypes : inlineSet(t.records[id * STRIDE + TYPES], MAX_TYPES);
    }

    private static DistinctCounter targets(VectorTable t, int id) {
        VectorTable.Extras e = t.extrasIfAny(id);
        return e != null && e.targets != null ? e.targets : inlineTargets(t.records, id * STRIDE);
    }

    /** The attack as reported, ongoing or finished; rates scaled by {@code scale}. */
    static Attack toAttack(VectorTable t, int id, double scale, boolean ongoing) {
        long[] r = t.records;
        int k = id * STRIDE;
        long first = r[k + FIRST];
        long last = r[k + LAST];
        long packets = r[k + PACKETS];
        double seconds = Math.max(1.0, (last - first) / 1e6);
        double observed = packets / seconds;
        VectorTable.Extras e = t.extrasIfAny(id);
        long routerPackets = e == null ? 0 : e.routerPackets;
        String router = routerPackets == 0 ? null : Addresses.format(e.routerHi, e.routerLo);
        SmallSet ports = ports(t, id);
        long hi = r[k + HI];
        long lo = r[k + LO];
        return new Attack(Addresses.format(hi, lo), Packet.isV4(hi, lo) ? 4 : 6, protocolNumbers(r[k + PROTOCOLS], e), ports.sorted(),
                ports.more(), icmpTypes(t, id).sorted(), first, last, packets, r[k + BYTES], targets(t, id).estimate(),
                maxPerMinute(t, id), observed, observed * scale, router, routerPackets, ongoing, r[k + FIRST_FILE], r[k + LAST_FILE]);
    }

    private static int[] protocolNumbers(long protocols, VectorTable.Extras e) {
        int[] others = e == null || e.otherProtocols == null ? new int[0] : e.otherProtocols.sorted();
        int[] out = new int[Long.bitCount(protocols) + others.length];
        int n = 0;
        for (int i = 0; i < 64; i++) {
            if ((protocols & (1L << i)) != 0) {
                out[n++] = i;
            }
        }
        System.arraycopy(others, 0, out, n, others.length);
        return out;
    }

    /** The vector for a checkpoint, in the format {@link #read} takes back. */
    static void write(VectorTable t, int id, DataOutput out) throws IOException {
        long[] r = t.records;
        int k = id * STRIDE;
        VectorTable.Extras e = t.extrasIfAny(id);
        out.writeLong(r[k + HI]);
        out.writeLong(r[k + LO]);
        out.writeLong(r[k + FIRST]);
        out.writeLong(r[k + LAST]);
        out.writeLong(r[k + PACKETS]);
        out.writeLong(r[k + BYTES]);
        out.writeLong(r[k + PROTOCOLS]);
        (e == null || e.otherProtocols == null ? new SmallSet(MAX_OTHER_PROTOCOLS) : e.otherProtocols).write(out);
        ports(t, id).write(out);
        icmpTypes(t, id).write(out);
        targets(t, id).write(out);
        out.writeLong(e == null ? 0 : e.routerHi);
        out.writeLong(e == null ? 0 : e.routerLo);
        out.writeLong(e == null ? 0 : e.routerPackets);
        out.writeLong(r[k + FIRST_FILE]);
        out.writeLong(r[k + LAST_FILE]);
        for (int i = 0; i < BUCKET_COUNT; i++) {
            out.writeInt(bucket(r, k, i));
        }
        out.writeLong(r[k + CURRENT_BUCKET]);
        out.writeInt((int) (r[k + WINDOW] >>> 32));
        out.writeInt((int) r[k + WINDOW]);
    }

    /**
     * Reads a vector written by {@link #write}; puts it in the table when {@code keep} (replacing a
     * vector of the same victim) and returns its record number, else -1.
     */
    static int read(VectorTable t, DataInput in, boolean keep) throws IOException {
        long hi = in.readLong();
        long lo = in.readLong();
        long first = in.readLong();
        long last = in.readLong();
        long packets = in.readLong();
        long bytes = in.readLong();
        long protocols = in.readLong();
        SmallSet others = SmallSet.read(in, MAX_OTHER_PROTOCOLS);
        SmallSet ports = SmallSet.read(in, MAX_PORTS);
        SmallSet types = SmallSet.read(in, MAX_TYPES);
        DistinctCounter targets = DistinctCounter.read(in);
        long routerHi = in.readLong();
        long routerLo = in.readLong();
        long routerPackets = in.readLong();
        long firstFile = in.readLong();
        long lastFile = in.readLong();
        int[] buckets = new int[BUCKET_COUNT];
        for (int i = 0; i < BUCKET_COUNT; i++) {
            buckets[i] = in.readInt();
        }
        long current = in.readLong();
        int windowSum = in.readInt();
        int maxPerMinute = in.readInt();
        if (!keep) {
            return -1;
        }
        int existing = t.find(hi, lo);
        if (existing >= 0) {
            t.remove(existing);
        }
        int id = t.create(hi, lo);
        long[] r = t.records;
        int k = id * STRIDE;
        r[k + FIRST] = first;
        r[k + LAST] = last;
        r[k + PACKETS] = packets;
        r[k + BYTES] = bytes;
        r[k + PROTOCOLS] = protocols;
        r[k + FIRST_FILE] = firstFile;
        r[k + LAST_FILE] = lastFile;
        for (int i = 0; i < BUCKET_COUNT; i++) {
            setBucket(r, k, i, buckets[i]);
        }
        r[k + CURRENT_BUCKET] = current;
        r[k + WINDOW] = ((long) windowSum << 32) | (maxPerMinute & 0xffff_ffffL);
        if (others.size() > 0) {
            t.extras(id).otherProtocols = others;
        }
        if (routerPackets != 0 || routerHi != 0 || routerLo != 0) {
            VectorTable.Extras e = t.extras(id);
            e.routerHi = routerHi;
            e.routerLo = routerLo;
            e.routerPackets = routerPackets;
        }
        r[k + PORTS] = restoreSmall(t, id, ports, true);
        r[k + TYPES] = restoreSmall(t, id, types, false);
        int exact = targets.exactCount();
        if (exact >= 0 && exact <= INLINE_TARGETS) {
            for (int i = 0; i < exact; i++) {
                addTarget(t, id, k, targets.exactValue(i));
            }
        } else {
            t.extras(id).targets = targets;
            r[k + TARGET_COUNT] = SPILLED;
        }
        return id;
    }

    private static long restoreSmall(VectorTable t, int id, SmallSet s, boolean ports) {
        int[] values = s.inOrder();
        boolean inline = !s.more() && values.length <= 3;
        for (int v : values) {
            inline &= v >= 0 && v <= 0xffff;
        }
        if (inline) {
            long set = 0;
            for (int v : values) {
                set = VectorTable.inlineAdd(set, v);
            }
            return set;
        }
        VectorTable.Extras e = t.extras(id);
        if (ports) {
            e.ports = s;
        } else {
            e.icmpTypes = s;
        }
        return (long) SPILLED << 48;
    }
}
