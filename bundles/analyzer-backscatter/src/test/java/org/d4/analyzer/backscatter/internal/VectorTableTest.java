// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The flat vector storage against a plain map, its order of ending, and its sets held in the record or beside it. */
class VectorTableTest {
    @Test
    void findsWhatWasCreatedAndForgetsWhatWasRemovedThroughGrowthAndReuse() {
        VectorTable t = new VectorTable(16);
        Map<Long, Integer> expected = new HashMap<>();
        Random r = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            // few distinct addresses, so creations, removals and look-ups of present ones mix
            long lo = Packet.v4Lo(r.nextInt(5000));
            long hi = r.nextInt(10) == 0 ? 0x20010db8_00000000L : 0;
            long key = lo ^ hi;
            Integer id = expected.get(key);
            assertEquals(id == null ? -1 : id, t.find(hi, lo));
            if (id == null) {
                int created = t.create(hi, lo);
                assertTrue(t.isLive(created));
                expected.put(key, created);
            } else if (r.nextBoolean()) {
                t.remove(id);
                assertFalse(t.isLive(id));
                expected.remove(key);
            }
            assertEquals(expected.size(), t.size());
        }
        assertEquals(expected.size(), t.ids().length);
    }

    @Test
    void endsVectorsByFirstPacketEqualOnesInRecordOrderWhateverTheTimeRange() {
        for (long[] firsts : new long[][] {{50, 10, 50, 30, 10, 20}, {Long.MAX_VALUE, 5, Long.MIN_VALUE, 5, 0, -7}}) {
            VectorTable t = new VectorTable(4);
            int[] ids = new int[firsts.length];
            for (int i = 0; i < firsts.length; i++) {
                ids[i] = AttackVector.start(t, 0, Packet.v4Lo(i), firsts[i]);
            }
            t.sortByFirst(ids);
            long[] sorted = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                sorted[i] = AttackVector.firstMicros(t, ids[i]);
                if (i > 0 && sorted[i] == sorted[i - 1]) {
                    assertTrue(ids[i] > ids[i - 1], "equal first packets keep their order");
                }
            }
            long[] want = firsts.clone();
            java.util.Arrays.sort(want);
            assertArrayEquals(want, sorted);
        }
    }

    @Test
    void portsTypesAndTargetsMoveOutOfTheRecordWhenItIsFullAndKeepTheirValues() {
        VectorTable t = new VectorTable(4);
        int id = AttackVector.start(t, 0, Packet.v4Lo(0xc6336401), 1_000_000L);
        Packet p = new Packet();
        for (int i = 0; i < 40; i++) {
            p.clear();
            p.micros = 1_000_000L + i;
            p.ipVersion = 4;
            p.ipLength = 40;
            p.dstLo = Packet.v4Lo(0x0a000000 + i);
            p.victimPort = 1000 + (i % 5);
            p.icmpType = i % 4;
            p.attackProtocol = i < 20 ? Packet.TCP : 132;
            AttackVector.add(t, id, p);
        }
        Attack a = AttackVector.toAttack(t, id, 1.0, true);
        assertArrayEquals(new int[] {1000, 1001, 1002, 1003, 1004}, a.ports());
        assertArrayEquals(new int[] {0, 1, 2, 3}, a.icmpTypes());
        assertArrayEquals(new int[] {Packet.TCP, 132}, a.protocols());
        assertEquals(40, a.targets());
        assertEquals(40, a.packets());
        assertTrue(VectorTable.inlineAdd(VectorTable.inlineAdd(VectorTable.inlineAdd(0, 1), 2), 3) != VectorTable.FULL);
        assertEquals(VectorTable.FULL, VectorTable.inlineAdd(VectorTable.inlineAdd(VectorTable.inlineAdd(VectorTable.inlineAdd(0, 1), 2), 3), 4));
    }
}
