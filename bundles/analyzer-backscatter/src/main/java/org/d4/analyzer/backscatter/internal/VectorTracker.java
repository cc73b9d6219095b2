// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups backscatter packets by victim into attack vectors and decides, when a vector ends, whether
 * it was an attack. Time is the packets' own clock, so old captures replay exactly. At most
 * {@code maxVectors} vectors are tracked: a new victim then evicts, from a small random sample,
 * the vector with the fewest packets (reported if it already is an attack, counted either way).
 */
final class VectorTracker {
    /** Receives each vector that ended as an attack. */
    interface AttackSink {
        void attack(Attack attack);
    }

    private static final long SWEEP_MICROS = 60_000_000L;
    private static final int EVICTION_SAMPLE = 8;

    private final Thresholds thresholds;
    private final int maxVectors;
    private final MonitoredSpace space;
    private final long[] counts;
    private final AttackSink sink;
    private final Runnable onEviction;
    private final VictimTable<AttackVector> vectors;
    private long nowMicros = Long.MIN_VALUE;
    private long lastSweep = Long.MIN_VALUE;

    VectorTracker(Thresholds thresholds, int maxVectors, MonitoredSpace space, long[] counts, AttackSink sink, Runnable onEviction) {
        this.thresholds = thresholds;
        this.maxVectors = maxVectors;
        this.space = space;
        this.counts = counts;
        this.sink = sink;
        this.onEviction = onEviction;
        this.vectors = new VictimTable<>(Math.min(maxVectors, 1 << 16));
    }

    void add(Packet p) {
        advance(p.micros);
        int slot = vectors.find(p.victimHi, p.victimLo);
        AttackVector v = slot < 0 ? null : vectors.at(slot);
        if (v != null && p.micros - v.lastMicros() > thresholds.timeoutSeconds() * 1_000_000L) {
            end(v);
            v = null;
        }
        if (v == null) {
            if (vectors.size() >= maxVectors) {
                evict();
            }
            v = new AttackVector(p.victimHi, p.victimLo, p.micros);
            slot = vectors.put(p.victimHi, p.victimLo, v);
            counts[Count.VECTORS.ordinal()]++;
        }
        v.add(p);
        vectors.stamp(slot, v.lastMicros());
    }

    /** Moves the packet clock; vectors silent for longer than the timeout end. */
    void advance(long micros) {
        if (micros > nowMicros) {
            nowMicros = micros;
        }
        if (lastSweep == Long.MIN_VALUE) {
            lastSweep = nowMicros;
        } else if (nowMicros - lastSweep >= SWEEP_MICROS) {
            lastSweep = nowMicros;
            long limit = nowMicros - thresholds.timeoutSeconds() * 1_000_000L;
            List<AttackVector> expired = new ArrayList<>();
            vectors.collectOlder(limit, expired);
            expired.sort(Comparator.comparingLong(AttackVector::firstMicros));
            expired.forEach(this::end);
        }
    }

    /** Ends every vector (the end of a standalone run's input). */
    void endAll() {
        List<AttackVector> all = new ArrayList<>(vectors.size());
        vectors.forEach(all::add);
        all.sort(Comparator.comparingLong(AttackVector::firstMicros));
        all.forEach(this::end);
    }

    private void evict() {
        AttackVector victim = null;
        for (AttackVector v : vectors.sample(EVICTION_SAMPLE)) {
            if (victim == null || v.packets() < victim.packets()) {
                victim = v;
            }
        }
        if (victim != null) {
            counts[Count.VECTORS_EVICTED.ordinal()]++;
            onEviction.run();
            end(victim);
        }
    }

    private void end(AttackVector v) {
        vectors.remove(v.victimHi, v.victimLo);
        if (thresholds.isAttack(v)) {
            counts[Count.ATTACKS.ordinal()]++;
            sink.attack(v.toAttack(space.scale(Packet.isV4(v.victimHi, v.victimLo)), false));
        } else {
            counts[Count.VECTORS_BELOW_THRESHOLD.ordinal()]++;
        }
    }

    int tracked() {
        return vectors.size();
    }

    /** Vectors that already are attacks by the thresholds, most packets first. */
    List<Attack> ongoing() {
        List<AttackVector> attacks = new ArrayList<>();
        vectors.forEach(v -> {
            if (thresholds.isAttack(v)) {
                attacks.add(v);
            }
        });
        attacks.sort(Comparator.comparingLong(AttackVector::packets).reversed());
        List<Attack> out = new ArrayList<>(attacks.size());
        for (AttackVector v : attacks) {
            out.add(v.toAttack(space.scale(Packet.isV4(v.victimHi, v.victimLo)), true));
        }
        return out;
    }

    /** The vector of a victim now, if any. */
    Attack current(long hi, long lo) {
        AttackVector v = vectors.get(hi, lo);
        return v == null ? null : v.toAttack(space.scale(Packet.isV4(hi, lo)), true);
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(nowMicros);
        out.writeLong(lastSweep);
        out.writeInt(vectors.size());
        IOException[] failure = new IOException[1];
        vectors.forEach(v -> {
            try {
                v.write(out);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    void read(DataInput in) throws IOException {
        nowMicros = in.readLong();
        lastSweep = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("corrupt vector snapshot");
        }
        for (int i = 0; i < n; i++) {
            AttackVector v = AttackVector.read(in);
            if (vectors.size() < maxVectors) {
                vectors.stamp(vectors.put(v.victimHi, v.victimLo, v), v.lastMicros());
            } else {
                counts[Count.VECTORS_EVICTED.ordinal()]++;
            }
        }
    }
}
