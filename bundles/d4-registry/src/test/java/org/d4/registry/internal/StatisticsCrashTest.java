// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.storage.mapdb.internal.MapDbFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM counting frames dies: what was counted more than a second before is in the store, with nothing else committing it. */
class StatisticsCrashTest {
    static final UUID SENSOR = UUID.fromString("3f1c1a2e-7b6d-4c1e-9a55-0c1d2e3f4a5b");

    @TempDir
    Path dir;

    /** Run in the child JVM: 1000 frames, 1.5 s, 500 more frames, then halt (no clean stop, no commit of the store's own). */
    public static void main(String[] args) throws Exception {
        MapDbFile store = new MapDbFile(Path.of(args[0]));
        StoredStatistics stats = new StoredStatistics(store);
        stats.start();
        InetAddress peer = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 1000; i++) {
            stats.frameAccepted(SENSOR, peer, 3, 10, Instant.now());
        }
        Thread.sleep(1500);
        for (int i = 0; i < 500; i++) {
            stats.frameAccepted(SENSOR, peer, 3, 10, Instant.now());
        }
        Runtime.getRuntime().halt(9);
    }

    @Test
    void countsOlderThanASecondSurviveAnAbruptDeath() throws Exception {
        Path file = dir.resolve("d4.db");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // the child's temp folder is the test's: what it unpacks there (LZ4's native library) goes with it after the kill
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + dir, "-cp",
                System.getProperty("java.class.path"), StatisticsCrashTest.class.getName(), file.toString())).inheritIO().start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(9, child.exitValue(), "child died abruptly");
        try (MapDbFile store = new MapDbFile(file)) {
            StoredStatistics stats = new StoredStatistics(store);
            long counted = stats.framesPerSensor(today).getOrDefault(SENSOR.toString(), 0L)
                    + stats.framesPerSensor(today.minusDays(1)).getOrDefault(SENSOR.toString(), 0L);
            assertEquals(1000, counted, "the frames counted before the last second were committed, the last ones were not yet");
        }
    }
}
