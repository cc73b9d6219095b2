// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.d4.api.storage.StoredMap;
import org.d4.api.storage.ValueCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A separate JVM writes, commits, writes more and dies without closing: what was committed is all there. */
class CrashSafetyTest {
    @TempDir
    Path dir;

    /** Run in the child JVM: commits "committed-N" entries, then writes "pending-N" entries and halts. */
    public static void main(String[] args) throws Exception {
        MapDbFile store = new MapDbFile(Path.of(args[0]));
        StoredMap<String> m = store.map("m", ValueCodec.utf8());
        for (int i = 0; i < 1000; i++) {
            m.put("committed-" + i, "v" + i);
        }
        store.counters("c").add("n", 1000);
        store.commit();
        for (int i = 0; i < 1000; i++) {
            m.put("pending-" + i, "v" + i);
        }
        store.counters("c").add("n", 1);
        Runtime.getRuntime().halt(9);  // as abrupt as kill -9: no shutdown hooks, no close
    }

    @Test
    void committedDataSurvivesAnAbruptDeathAndUncommittedIsDropped() throws Exception {
        Path file = dir.resolve("d4.db");
        // the child's temp folder is the test's: what it unpacks there (LZ4's native library) goes with it after the kill
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"), CrashSafetyTest.class.getName(), file.toString()))
                .inheritIO().start();
        assertEquals(true, child.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(9, child.exitValue(), "child died abruptly");
        try (MapDbFile store = new MapDbFile(file)) {
            StoredMap<String> m = store.map("m", ValueCodec.utf8());
            assertEquals(1000, m.withPrefix("committed-").size());
            assertEquals("v999", m.get("committed-999").orElseThrow());
            assertFalse(m.containsKey("pending-0"), "uncommitted writes are not half-applied");
            assertEquals(1000, store.counters("c").get("n"));
        }
    }
}
