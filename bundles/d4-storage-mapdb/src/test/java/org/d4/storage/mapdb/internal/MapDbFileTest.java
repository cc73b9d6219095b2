// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.d4.api.storage.CounterMap;
import org.d4.api.storage.StoredMap;
import org.d4.api.storage.ValueCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbFileTest {
    @TempDir
    Path dir;

    @Test
    void committedValuesSurviveReopen() throws Exception {
        Path file = dir.resolve("d4.db");
        try (MapDbFile store = new MapDbFile(file)) {
            store.map("sensors", ValueCodec.utf8()).put("b", "two");
            store.map("sensors", ValueCodec.utf8()).put("a", "one");
            store.counters("frames").add("x", 5);
        }
        try (MapDbFile store = new MapDbFile(file)) {
            StoredMap<String> sensors = store.map("sensors", ValueCodec.utf8());
            assertEquals(Map.of("a", "one", "b", "two"), sensors.snapshot());
            assertEquals(List.of("a", "b"), List.copyOf(sensors.snapshot().keySet()), "key order");
            assertEquals(5, store.counters("frames").get("x"));
        }
    }

    @Test
    void updateRemoveAndPrefixes() throws Exception {
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            StoredMap<String> m = store.map("m", ValueCodec.utf8());
            assertEquals("1", m.update("k", old -> old == null ? "1" : old + "1"));
            assertEquals("11", m.update("k", old -> old == null ? "1" : old + "1"));
            assertNull(m.update("k", old -> null));
            assertFalse(m.containsKey("k"));
            assertNull(m.update("absent", old -> null), "removing an absent key is a no-op");
            m.put("day.2026-01-01.a", "x");
            m.put("day.2026-01-02.a", "y");
            m.put("other", "z");
            assertEquals(List.of("day.2026-01-01.a", "day.2026-01-02.a"), List.copyOf(m.withPrefix("day.").keySet()));
            assertEquals(Optional.of("z"), m.remove("other"));
            assertEquals(Optional.empty(), m.remove("other"));
            assertEquals(2, m.size());
            m.clear();
            assertEquals(0, m.size());

            CounterMap c = store.counters("c");
            assertEquals(3, c.add("2026-01-01.t1", 3));
            assertEquals(1, c.add("2026-01-01.t2", 1));
            assertEquals(-1, c.add("2026-01-02.t1", -1));
            assertEquals(0, c.get("absent"));
            assertEquals(Map.of("2026-01-01.t1", 3L, "2026-01-01.t2", 1L), c.withPrefix("2026-01-01."));
            assertEquals(2, c.removePrefix("2026-01-01."));
            assertEquals(0, c.get("2026-01-01.t1"));
        }
    }

    @Test
    void badNamesAndKindMixUpsAreRefused() throws Exception {
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            assertThrows(IllegalArgumentException.class, () -> store.map("Bad Name", ValueCodec.utf8()));
            assertThrows(IllegalArgumentException.class, () -> store.map("", ValueCodec.utf8()));
            assertThrows(IllegalArgumentException.class, () -> store.counters(null));
            store.map("values", ValueCodec.utf8());
            store.counters("numbers");
            assertThrows(IllegalArgumentException.class, () -> store.counters("values"));
            assertThrows(IllegalArgumentException.class, () -> store.map("numbers", ValueCodec.utf8()));
        }
    }

    @Test
    void concurrentCounterAddsAreNotLost() throws Exception {
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            CounterMap c = store.counters("c");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 2_000; i++) {
                            c.add("hits", 1);
                            if (i % 500 == 0) {
                                store.commit();
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(8_000, c.get("hits"));
        }
    }

    @Test
    void commitOnlyWhenSomethingChanged() throws Exception {
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            assertFalse(store.hasUncommittedChanges());
            store.map("m", ValueCodec.utf8()).put("k", "v");
            assertTrue(store.hasUncommittedChanges());
            store.commit();
            assertFalse(store.hasUncommittedChanges());
        }
    }
}
