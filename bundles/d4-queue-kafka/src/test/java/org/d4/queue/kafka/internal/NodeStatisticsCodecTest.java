// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.d4.api.registry.NodeStatistics;
import org.junit.jupiter.api.Test;

class NodeStatisticsCodecTest {
    private static final String NODE = "22222222-0000-4000-8000-000000000000";
    private static final String A = "0b5e3f2a-6a1b-4c3d-9e8f-0a1b2c3d4e5f";

    private static NodeStatistics sample(Map<String, Long> frames) {
        TreeMap<String, Long> bytes = new TreeMap<>();
        frames.forEach((k, v) -> bytes.put(k, v * 120));
        return new NodeStatistics(NODE, "ingest-1.example", true, Instant.ofEpochMilli(1_765_000_000_123L), LocalDate.of(2026, 12, 7), 3,
                new TreeMap<>(frames), bytes, new TreeMap<>(Map.of(3, 10L, 8, 20L)));
    }

    @Test
    void aNodesStatisticsComeBackAsTheyWere() {
        NodeStatistics sent = sample(Map.of(A, 30L));
        NodeStatistics read = NodeStatisticsCodec.decode(NodeStatisticsCodec.encode(sent), "another node").orElseThrow();
        assertEquals(new NodeStatistics(NODE, "ingest-1.example", false, sent.at(), sent.day(), 3, sent.framesPerSensor(), sent.bytesPerSensor(),
                sent.framesPerType()), read, "local only on the node that reads its own");
        assertTrue(NodeStatisticsCodec.decode(NodeStatisticsCodec.encode(sent), NODE).orElseThrow().local());
    }

    @Test
    void onlyTheBusiestSensorsGoWhenThereAreTooMany() {
        TreeMap<String, Long> frames = new TreeMap<>();
        for (int i = 0; i < NodeStatisticsCodec.MAX_SENSORS + 50; i++) {
            frames.put(new UUID(0x4000L, 0x8000_0000_0000_0000L | i).toString(), (long) i + 1);
        }
        byte[] record = NodeStatisticsCodec.encode(sample(frames));
        assertTrue(record.length < 1_000_000, "under the producer's 1 MB: " + record.length);
        NodeStatistics read = NodeStatisticsCodec.decode(record, NODE).orElseThrow();
        assertEquals(NodeStatisticsCodec.MAX_SENSORS, read.framesPerSensor().size());
        assertFalse(read.framesPerSensor().containsValue(50L), "the quietest are left out");
        assertTrue(read.framesPerSensor().containsValue(NodeStatisticsCodec.MAX_SENSORS + 50L));
    }

    @Test
    void recordsThatAreNotANodesStatisticsAreLeftOut() {
        String good = new String(NodeStatisticsCodec.encode(sample(Map.of(A, 30L))), StandardCharsets.UTF_8);
        String[] bad = {"", "hello", good.replace("d4-node-statistics 1", "d4-node-statistics 2"), good.replace("s " + A, "s not-a-uuid"),
            good.replace(" 30 3600", " -30 3600"), good.replace("day 2026-12-07", "day yesterday"), good.replace("t 8 20", "t 300 20"),
            good.replace("connected 3", "connected -1"), good.replace("at 1765000000123", "at soon"), good + "x y\n", good.replace("host ", "name ")};
        for (String b : bad) {
            assertEquals(Optional.empty(), NodeStatisticsCodec.decode(b.getBytes(StandardCharsets.UTF_8), NODE), b);
        }
        assertEquals(Optional.empty(), NodeStatisticsCodec.decode(null, NODE));
        StringBuilder huge = new StringBuilder(good);
        for (int i = 0; i < NodeStatisticsCodec.MAX_SENSORS + 400; i++) {
            huge.append("t 1 1\n");
        }
        assertEquals(Optional.empty(), NodeStatisticsCodec.decode(huge.toString().getBytes(StandardCharsets.UTF_8), NODE), "too many lines");
    }

    @Test
    void aHostNameCannotBreakTheRecordsLines() {
        NodeStatistics sent = sample(Map.of(A, 30L));
        NodeStatistics odd = new NodeStatistics(NODE, "ingest 1\nnode evil", false, sent.at(), sent.day(), 3, sent.framesPerSensor(),
                sent.bytesPerSensor(), sent.framesPerType());
        NodeStatistics read = NodeStatisticsCodec.decode(NodeStatisticsCodec.encode(odd), "another node").orElseThrow();
        assertEquals("ingest_1_node_evil", read.host());
        assertEquals(sent.framesPerSensor(), read.framesPerSensor());
    }
}
