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
    private final VectorTable vectors;
    private long nowMicros = Long.MIN_VALUE;
    private long lastSweep = Long.MIN_VALUE;

    VectorTracker(Thresholds thresholds, int maxVectors, MonitoredSpace space, long[] counts, AttackSink sink, Runnable onEviction) {
        this.thresholds = thresholds;
        this.maxVectors = maxVectors;
        this.space = space;
        this.counts = counts;
        this.sink = sink;
        this.onEviction = onEviction;
        this.vectors = new VectorTable(Math.min(maxVectors, 1 << 16));
    }

    void add(Packet p) {
        advance(p.micros);
        int id = vectors.find(p.victimHi, p.victimLo);
        if (id >= 0 && p.micros - AttackVector.lastMicros(vectors, id) > thresholds.timeoutSeconds() * 1_000_000L) {
            end(id);
            id = -1;
        }
        if (id < 0) {
            if (vectors.size() >= maxVectors) {
                evict();
            }
            id = AttackVector.start(vectors, p.victimHi, p.victimLo, p.micros);
            counts[Count.VECTORS.ordinal()]++;
        }
        AttackVector.add(vectors, id, p);
    }

    /** Loads a victim's index slot ahead of {@link #add}: see {@link VectorTable#prefetchIndex}. */
    void prefetchIndex(long hi, long lo) {
        vectors.prefetchIndex(hi, lo);
    }

    /** Loads a victim's record ahead of {@link #add}, its index slot loaded already. */
    void prefetchRecord(long hi, long lo) {
        vectors.prefetchRecord(hi, lo);
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
            endInOrder(vectors.olderThan(nowMicros - thresholds.timeoutSeconds() * 1_000_000L));
        }
    }

    /** Ends every vector (the end of a standalone run's input). */
    void endAll() {
        endInOrder(vectors.ids());
    }

    private void endInOrder(int[] ids) {
        vectors.sortByFirst(ids);
        for (int id : ids) {
            end(id);
        }
    }

    private void evict() {
        int victim = -1;
        for (int id : vectors.sample(EVICTION_SAMPLE)) {
            if (victim < 0 || AttackVector.packets(vectors, id) < AttackVector.packets(vectors, victim)) {
                victim = id;
            }
        }
        if (victim >= 0) {
            counts[Count.VECTORS_EVICTED.ordinal()]++;
            onEviction.run();
            end(victim);
        }
    }

    private void end(int id) {
        Attack attack = null;
        if (thresholds.isAttack(vectors, id)) {
            long hi = AttackVector.victimHi(vectors, id);
            long lo = AttackVector.victimLo(vectors, id);
            attack = AttackVector.toAttack(vectors, id, space.scale(Packet.isV4(hi, lo)), false);
        }
        vectors.remove(id);
        if (attack != null) {
            counts[Count.ATTACKS.ordinal()]++;
            sink.attack(attack);
        } else {
            counts[Count.VECTORS_BELOW_THRESHOLD.ordinal()]++;
        }
    }

    int tracked() {
        return vectors.size();
    }

    /** Vectors that already are attacks by the thresholds, most packets first. */
    List<Attack> ongoing() {
        List<Attack> out = new ArrayList<>();
        for (int id : vectors.ids()) {
            if (thresholds.isAttack(vectors, id)) {
                out.add(attack(id, true));
            }
        }
        out.sort(Comparator.comparingLong(Attack::packets).reversed());
        return out;
    }

    private Attack attack(int id, boolean ongoing) {
        long hi = AttackVector.victimHi(vectors, id);
        long lo = AttackVector.victimLo(vectors, id);
        return AttackVector.toAttack(vectors, id, space.scale(Packet.isV4(hi, lo)), ongoing);
    }

    /** The vector of a victim now, if any. */
    Attack current(long hi, long lo) {
        int id = vectors.find(hi, lo);
        return id < 0 ? null : attack(id, true);
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(nowMicros);
        out.writeLong(lastSweep);
        out.writeInt(vectors.size());
        for (int id : vectors.ids()) {
            AttackVector.write(vectors, id, out);
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
            if (AttackVector.read(vectors, in, vectors.size() < maxVectors) < 0) {
                counts[Count.VECTORS_EVICTED.ordinal()]++;
            }
        }
    }
}
