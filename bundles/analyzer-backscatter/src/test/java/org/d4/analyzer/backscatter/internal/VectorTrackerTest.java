// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The four thresholds at their edges, the cap on tracked vectors, and a vector carried over a checkpoint. */
class VectorTrackerTest {
    private final List<Attack> attacks = new ArrayList<>();
    private final long[] counts = new long[Count.values().length];
    private int evictions;

    private VectorTracker tracker(int max) {
        return new VectorTracker(Thresholds.MOORE, max, MonitoredSpace.parse("10.0.0.0/8"), counts, attacks::add, () -> evictions++);
    }

    private static Packet packet(int victim, long micros) {
        Packet p = new Packet();
        p.clear();
        p.micros = micros;
        p.ipVersion = 4;
        p.ipLength = 40;
        p.protocol = Packet.TCP;
        p.srcHi = 0;
        p.srcLo = Packet.v4Lo(victim);
        p.dstLo = Packet.v4Lo(0x0a000001 + (int) (micros % 7));
        p.srcPort = 80;
        p.tcpFlags = 0x12;
        Classifier.classify(p);
        return p;
    }

    /** {@code n} packets of one victim, evenly spread over {@code spanMicros}. */
    private List<Attack> run(int n, long spanMicros) {
        VectorTracker t = tracker(100);
        for (int i = 0; i < n; i++) {
            t.add(packet(0xc6336401, 1_000_000_000L + (n == 1 ? 0 : spanMicros * i / (n - 1))));
        }
        t.endAll();
        return attacks;
    }

    @Test
    void twentyFivePacketsOverSixtySecondsWithThirtyInAMinuteIsAnAttack() {
        // 25 packets over 60 s, but only 25 in a minute: not enough rate
        assertEquals(0, run(25, 60_000_000L).size());
        attacks.clear();
        // 30 packets in the first 10 s, one more 60 s after the first
        VectorTracker t = tracker(10);
        for (int i = 0; i < 30; i++) {
            t.add(packet(1, 1_000_000_000L + i * 100_000L));
        }
        t.add(packet(1, 1_000_000_000L + 60_000_000L));
        t.endAll();
        assertEquals(1, attacks.size());
        assertEquals(31, attacks.get(0).packets());
        assertEquals(30, attacks.get(0).maxPerMinute());
    }

    @Test
    void aMicrosecondShortOfSixtySecondsIsNoAttack() {
        VectorTracker t = tracker(10);
        for (int i = 0; i < 30; i++) {
            t.add(packet(1, 1_000_000_000L + i * 100_000L));
        }
        t.add(packet(1, 1_000_000_000L + 59_999_999L));
        t.endAll();
        assertEquals(0, attacks.size());
        assertEquals(1, counts[Count.VECTORS_BELOW_THRESHOLD.ordinal()]);
    }

    @Test
    void twentyNinePacketsInEveryMinuteIsNoAttack() {
        VectorTracker t = tracker(10);
        // 29 packets in 10 s, then the same a minute later: never 30 in a window
        for (int burst = 0; burst < 2; burst++) {
            for (int i = 0; i < 29; i++) {
                t.add(packet(1, 1_000_000_000L + burst * 60_000_000L + i * 100_000L));
            }
        }
        t.endAll();
        assertEquals(0, attacks.size());
    }

    @Test
    void twentyFourPacketsAreNoAttackWhateverTheRate() {
        VectorTracker t = new VectorTracker(new Thresholds(300, 25, 60, 20), 10, MonitoredSpace.parse(), counts, attacks::add, () -> { });
        for (int i = 0; i < 23; i++) {
            t.add(packet(1, 1_000_000_000L + i * 100_000L));
        }
        t.add(packet(1, 1_000_000_000L + 61_000_000L));
        t.endAll();
        assertEquals(0, attacks.size());
        t.add(packet(2, 2_000_000_000L));
        for (int i = 0; i < 23; i++) {
            t.add(packet(2, 2_000_000_000L + i * 100_000L));
        }
        t.add(packet(2, 2_000_000_000L + 61_000_000L));
        t.endAll();
        assertEquals(1, attacks.size());
    }

    @Test
    void aGapOfExactlyTheTimeoutKeepsTheVectorOneMoreMicrosecondEndsIt() {
        VectorTracker t = tracker(10);
        long start = 1_000_000_000L;
        for (int i = 0; i < 30; i++) {
            t.add(packet(1, start + i * 1_000_000L));
        }
        long resume = start + 29_000_000L + 300_000_000L;
        for (int i = 0; i < 31; i++) {
            t.add(packet(1, resume + i * 1_000_000L));
        }
        t.endAll();
        assertEquals(1, attacks.size());
        assertEquals(61, attacks.get(0).packets());
        attacks.clear();
        VectorTracker u = tracker(10);
        for (int i = 0; i < 30; i++) {
            u.add(packet(1, start + i * 1_000_000L));
        }
        for (int i = 0; i < 31; i++) {
            u.add(packet(1, resume + 1 + i * 1_000_000L));
        }
        u.endAll();
        // two vectors: 30 packets over 29 s, then 31 over 30 s; neither lasts a minute
        assertEquals(0, attacks.size());
        assertEquals(1 + 2, counts[Count.VECTORS.ordinal()]);
    }

    @Test
    void aFloodOfDistinctVictimsStaysWithinTheCapAndCountsEvictions() {
        VectorTracker t = tracker(1000);
        for (int i = 0; i < 100_000; i++) {
            t.add(packet(0x0b000000 + i, 1_000_000_000L + i));
            assertTrue(t.tracked() <= 1000);
        }
        assertEquals(99_000, counts[Count.VECTORS_EVICTED.ordinal()]);
        assertEquals(99_000, evictions);
    }

    @Test
    void anEvictedAttackIsStillReported() {
        VectorTracker t = tracker(1);
        for (int i = 0; i < 61; i++) {
            t.add(packet(1, 1_000_000_000L + i * 1_000_000L));
        }
        t.add(packet(2, 1_000_000_000L + 61_000_000L));
        assertEquals(1, attacks.size());
        assertEquals(61, attacks.get(0).packets());
    }

    @Test
    void aCheckpointCarriesOngoingVectorsOver() throws IOException {
        VectorTracker t = tracker(10);
        for (int i = 0; i < 40; i++) {
            t.add(packet(1, 1_000_000_000L + i * 1_000_000L));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.write(new DataOutputStream(bytes));
        VectorTracker restored = tracker(10);
        restored.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = 40; i < 80; i++) {
            restored.add(packet(1, 1_000_000_000L + i * 1_000_000L));
        }
        restored.endAll();
        assertEquals(1, attacks.size());
        assertEquals(80, attacks.get(0).packets());
        assertEquals(60, attacks.get(0).maxPerMinute());
        assertEquals(3200, attacks.get(0).bytes());
        assertEquals(7, attacks.get(0).targets());
    }
}
