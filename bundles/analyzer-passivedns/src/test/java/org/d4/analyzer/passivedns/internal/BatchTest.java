// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchTest {
    private static final UUID S1 = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID S2 = UUID.fromString("22222222-2222-4222-8222-222222222222");

    private static Observation seen(String name, String address, long first, long last, long count, UUID sensor) {
        return new Observation(name, 1, address, first, last, count, sensor, 300, "IN");
    }

    /** The batch's records by key text, each as first, last, count, sightings and its sensors' numbers. */
    private static Map<String, String> contents(Batch batch) {
        int[] numbers = IntStream.range(0, batch.sensors().size()).map(i -> 100 + i).toArray();
        Map<String, String> out = new HashMap<>();
        for (int r = 0; r < batch.size(); r++) {
            byte[] key = batch.key(r);
            assertEquals(Arrays.hashCode(key), batch.cacheKey(r).hash());
            out.put(RecordKeys.rrname(key) + " " + RecordKeys.rdata(key), batch.first(r) + " " + batch.last(r) + " "
                    + batch.count(r) + " " + batch.sightings(r) + " " + Arrays.toString(batch.sensorsOf(r, numbers)));
        }
        return out;
    }

    @Test
    void sightingsOfOneRecordBecomeOneEntry() {
        Batch batch = new Batch();
        batch.record(seen("www.example.com", "192.0.2.1", 1000, 1000, 1, S1));
        batch.record(seen("www.example.com", "192.0.2.1", 900, 900, 1, S2));
        batch.record(seen("www.example.com", "192.0.2.1", 1100, 1100, 3, S1));
        batch.record(seen("www.example.com", "192.0.2.2", 1000, 1000, 1, S2));

        assertEquals(2, batch.size());
        assertEquals(List.of(S1, S2), batch.sensors());
        assertEquals(Map.of("www.example.com 192.0.2.1", "900 1100 5 3 [100, 101]",
                "www.example.com 192.0.2.2", "1000 1000 1 1 [101]"), contents(batch));
        assertEquals(4L, batch.types.get(1));
        assertEquals(4L, batch.classes.get("IN"));
    }

    @Test
    void aRecordKeepsAtMostSixteenSensorsInTheOrderFirstSeen() {
        Batch batch = new Batch();
        for (int i = 0; i < 20; i++) {
            batch.record(seen("busy.example", "192.0.2.9", 1000, 1000, 1, new UUID(7, 20 - i)));
            batch.record(seen("busy.example", "192.0.2.9", 1000, 1000, 1, new UUID(7, 20 - i)));
        }
        int[] identity = IntStream.range(0, batch.sensors().size()).toArray();
        int[] sensors = batch.sensorsOf(0, identity);
        assertEquals(RecordValue.MAX_SENSORS, sensors.length);
        assertArrayEquals(IntStream.range(0, RecordValue.MAX_SENSORS).toArray(), sensors);
        assertEquals(new UUID(7, 20), batch.sensors().get(sensors[0]));
        assertEquals(40, batch.count(0));
    }

    @Test
    void importsWithoutASensorAddOtherSensorsAndStayOutOfTheDistributions() {
        Batch batch = new Batch();
        batch.record(new Observation("imported.example", 1, "192.0.2.3", 10, 20, 7, null, -1, null), S2, S1, S2);
        assertEquals(Map.of("imported.example 192.0.2.3", "10 20 7 1 [100, 101]"), contents(batch));
        assertEquals(List.of(S2, S1), batch.sensors());
        assertTrue(batch.types.isEmpty());
    }

    @Test
    void countsStopAtTheLargestValueInsteadOfWrapping() {
        Batch batch = new Batch();
        batch.record(seen("many.example", "192.0.2.4", 1, 1, Long.MAX_VALUE - 1, S1));
        batch.record(seen("many.example", "192.0.2.4", 1, 1, 5, S1));
        assertEquals(Long.MAX_VALUE, batch.count(0));
    }

    @Test
    void manyRecordsGrowTheTablesAndAClearedBatchIsUsedAgain() {
        Batch batch = new Batch();
        for (int round = 0; round < 3; round++) {
            int records = round == 1 ? 50 : 20_000;      // large, small (the arrays shrink), large again
            for (int i = 0; i < records; i++) {
                batch.line(S1);
                batch.record(seen("n" + i + ".round" + round + ".example", "10.0." + (i / 250) + "." + (i % 250), i, i, 1, S1));
                batch.record(seen("n" + i + ".round" + round + ".example", "10.0." + (i / 250) + "." + (i % 250), i + 5, i + 5, 1, S2));
            }
            Map<String, String> contents = contents(batch);
            assertEquals(records, contents.size());
            for (int i = 0; i < records; i += 997) {
                assertEquals(i + " " + (i + 5) + " 2 2 [100, 101]",
                        contents.get("n" + i + ".round" + round + ".example 10.0." + (i / 250) + "." + (i % 250)));
            }
            assertEquals(records, batch.lines);
            assertEquals((long) records, batch.sensorLines.get(S1));
            batch.clear();
            assertEquals(0, batch.size());
            assertTrue(batch.isEmpty());
            assertTrue(batch.sensors().isEmpty());
        }
    }

    @Test
    void aSensorThatNoRecordKeepsIsNotNumbered() {
        Batch batch = new Batch();
        for (int i = 0; i < RecordValue.MAX_SENSORS; i++) {
            batch.record(seen("full.example", "192.0.2.7", 1000, 1000, 1, new UUID(8, i)));
        }
        batch.record(seen("full.example", "192.0.2.7", 1000, 1000, 1, S1));
        assertEquals(RecordValue.MAX_SENSORS, batch.sensors().size());
        assertTrue(!batch.sensors().contains(S1));
        batch.record(seen("other.example", "192.0.2.8", 1000, 1000, 1, S1));
        assertEquals(S1, batch.sensors().get(RecordValue.MAX_SENSORS));
    }

    @Test
    void aClearedBatchGivesBackWhatABigBatchBeforeItNeeded() {
        Batch batch = new Batch();
        long empty = batch.footprint();
        UUID[] many = IntStream.range(0, RecordValue.MAX_SENSORS).mapToObj(i -> new UUID(9, i)).toArray(UUID[]::new);
        for (int i = 0; i < 50_000; i++) {
            batch.record(new Observation("n" + i + ".import.example", 1, "192.0.2.1", 1, 2, 1, null, -1, null), many);
        }
        long big = batch.footprint();
        assertTrue(big > 100 * empty, big + " bytes after 50,000 records, " + empty + " empty");
        for (int round = 0; round < 6; round++) {
            batch.clear();
            batch.record(seen("small.example", "192.0.2.1", 1, 1, 1, S1));
        }
        assertTrue(batch.footprint() < 2 * empty, batch.footprint() + " bytes left, " + empty + " when new");
        assertEquals(Map.of("small.example 192.0.2.1", "1 1 1 1 [100]"), contents(batch));
    }
}
