// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdnsStoreTest {
    private static final UUID SENSOR = UUID.fromString("33333333-3333-4333-8333-333333333333");

    @TempDir
    Path folder;

    @Test
    void aSensorNumberedByARolledBackBatchIsSavedWhenTheBatchIsWrittenAgain() throws Exception {
        Batch batch = new Batch();
        batch.line(SENSOR);
        batch.record(new Observation("retried.example", 1, "192.0.2.10", 1000, 1000, 1, SENSOR, 300, "IN"));
        byte[] key = RecordKeys.record("retried.example", 1, "192.0.2.10");
        try (PdnsStore store = new PdnsStore(folder)) {
            store.apply(batch);
            store.rollback();            // as the ingestor does when a write fails, before it tries again
            store.apply(batch);
            store.commit();
        }
        try (PdnsStore reopened = new PdnsStore(folder)) {
            RecordValue value = reopened.get(key);
            assertEquals(1, value.sensors().length);
            assertEquals(SENSOR, reopened.sensor(value.sensors()[0]));
            assertEquals(1, reopened.counter("lines"));
        }
    }
}
