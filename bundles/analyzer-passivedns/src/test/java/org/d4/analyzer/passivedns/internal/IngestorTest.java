// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread when its store fails under it: callers are told, never left waiting. */
class IngestorTest {
    private static final UUID SENSOR = UUID.fromString("11111111-1111-4111-8111-111111111111");

    @TempDir
    Path dir;

    @Test
    void anErrorFromTheStoreIsReportedToCallersInsteadOfStoppingTheWriter() throws Exception {
        PdnsStore store = new PdnsStore(dir);
        Ingestor ingestor = new Ingestor(store, new Ingestor.Settings(10, 20, 60_000,
                Expirations.parse(new String[0], RrTypes.load()), () -> 1_700_000_000L));
        Observation seen = new Observation("www.example.com", RrTypes.A, "192.0.2.1", 1_700_000_000L, 1_700_000_000L, 1, SENSOR, 300, "IN");
        try {
            ingestor.record(SENSOR, seen);
            ingestor.record(SENSOR, seen);
            ingestor.flush();    // seen twice in a batch: the writer keeps it at hand and next time rewrites its value directly
            // MapDB answers a write to a closed store with IllegalAccessError: an Error, not an exception
            store.close();
            ingestor.record(SENSOR, seen);
            IOException flushed = assertThrows(IOException.class, ingestor::flush);
            assertTrue(flushed.getMessage().contains("failing"), flushed.getMessage());
            assertNotNull(ingestor.failure());
            assertTrue(ingestor.failure().startsWith("IllegalAccessError"), ingestor.failure());
            IOException next = assertThrows(IOException.class, () -> ingestor.record(SENSOR, new Observation("example.com", RrTypes.A,
                    "192.0.2.2", 1_700_000_000L, 1_700_000_000L, 1, SENSOR, 300, "IN")));
            assertTrue(next.getMessage().contains("failing"), next.getMessage());
        } finally {
            ingestor.close();
        }
    }
}
