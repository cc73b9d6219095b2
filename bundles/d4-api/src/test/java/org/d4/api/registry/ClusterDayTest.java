// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ClusterDayTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private static final String A = "0b5e3f2a-6a1b-4c3d-9e8f-0a1b2c3d4e5f";
    private static final String B = "1c6f4a3b-7b2c-4d4e-8f90-1b2c3d4e5f60";

    private static NodeStatistics node(String id, LocalDate day, Map<String, Long> frames) {
        TreeMap<String, Long> bytes = new TreeMap<>();
        frames.forEach((k, v) -> bytes.put(k, v * 100));
        return new NodeStatistics(id, "host-" + id, false, Instant.parse("2026-12-07T10:00:00Z"), day, 1, new TreeMap<>(frames), bytes,
                new TreeMap<>(Map.of(8, frames.values().stream().mapToLong(Long::longValue).sum())));
    }

    @Test
    void sumsTheNodesOfTheDayWithEachOnesShare() {
        NodeStatistics one = node("one", TODAY, Map.of(A, 300L, B, 100L));
        NodeStatistics two = node("two", TODAY, Map.of(B, 600L));
        NodeStatistics stale = node("old", TODAY.minusDays(1), Map.of(A, 5_000L));
        ClusterDay day = ClusterDay.of(TODAY, List.of(one, two, stale));

        assertEquals(1_000, day.frames(), "yesterday's counts of a node not heard from today are not today's");
        assertEquals(Map.of(A, 300L, B, 700L), day.framesPerSensor());
        assertEquals(Map.of(A, 30_000L, B, 70_000L), day.bytesPerSensor());
        assertEquals(Map.of(8, 1_000L), day.framesPerType());
        assertEquals(0.4, day.share(one), 1e-9);
        assertEquals(0.6, day.share(two), 1e-9);
        assertEquals(0.0, day.share(stale), 1e-9);
        assertEquals(0, day.frames(stale));
        assertEquals(Map.of("one", 100L, "two", 600L), day.framesByNode(B));
        assertEquals(Map.of("one", 300L), day.framesByNode(A));
    }

    @Test
    void aClusterWithoutFramesHasNoShares() {
        NodeStatistics quiet = node("one", TODAY, Map.of());
        ClusterDay day = ClusterDay.of(TODAY, List.of(quiet));
        assertEquals(0, day.frames());
        assertEquals(0.0, day.share(quiet), 1e-9);
        assertEquals(Map.of(), day.framesByNode(A));
    }
}
