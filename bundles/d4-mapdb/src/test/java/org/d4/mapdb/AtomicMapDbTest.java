// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

class AtomicMapDbTest {
    private static final int KEYS = 3000;

    @TempDir
    Path dir;

    @Test
    void commitsSurviveAReopenAndACleanCloseLeavesNoLog() throws Exception {
        Path file = dir.resolve("a.db");
        for (AtomicMapDb.Access access : AtomicMapDb.Access.values()) {
            try (DB db = AtomicMapDb.open(file, access)) {
                BTreeMap<String, Long> m = db.treeMap("m", Serializer.STRING, Serializer.LONG).createOrOpen();
                m.merge("opens", 1L, Long::sum);
                for (int i = 0; i < KEYS; i++) {
                    m.put("k" + i, (long) i);
                }
                db.commit();
                m.put("uncommitted", 1L);
                db.rollback();
            }
            assertTrue(RedoLog.logs(file).isEmpty(), "no redo log left after a clean close");
        }
        try (DB db = AtomicMapDb.open(file, AtomicMapDb.Access.MAPPED)) {
            BTreeMap<String, Long> m = db.treeMap("m", Serializer.STRING, Serializer.LONG).open();
            assertEquals(2L, m.get("opens"));
            assertEquals(KEYS - 1L, m.get("k" + (KEYS - 1)));
            assertNull(m.get("uncommitted"));
        }
    }

    @Test
    void checkpointsRemoveTheLogsTheyCover() throws Exception {
        Path file = dir.resolve("c.db");
        try (DB db = AtomicMapDb.open(file, AtomicMapDb.Access.MAPPED, new AtomicMapDb.Checkpoints(0, 1))) {
            HTreeMap<Long, byte[]> m = db.hashMap("m", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
            for (int c = 0; c < 20; c++) {
                m.put((long) c, new byte[10_000]);
                db.commit();
                Thread.sleep(20);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (RedoLog.logs(file).size() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(RedoLog.logs(file).size() <= 2, "checkpointed logs removed: " + RedoLog.logs(file));
        }
    }

    /** Run in a child JVM: commits generations of every key until killed, printing each one committed. */
    public static void main(String[] args) throws Exception {
        try (DB db = AtomicMapDb.open(Path.of(args[0]), AtomicMapDb.Access.valueOf(args[1]))) {
            HTreeMap<Integer, byte[]> values = db.hashMap("values", Serializer.INTEGER, Serializer.BYTE_ARRAY).createOrOpen();
            BTreeMap<String, Long> meta = db.treeMap("meta", Serializer.STRING, Serializer.LONG).createOrOpen();
            long generation = meta.getOrDefault("generation", 0L);
            while (true) {
                generation++;
                for (int k = 0; k < KEYS; k++) {
                    // sizes change with the generation, so records move and the allocator works
                    byte[] v = new byte[8 + (int) ((generation + k) % 50)];
                    java.nio.ByteBuffer.wrap(v).putLong(generation);
                    values.put(k, v);
                }
                meta.put("generation", generation);
                System.out.println("committing " + generation);
                System.out.flush();
                db.commit();
                System.out.println("committed " + generation);
                System.out.flush();
            }
        }
    }

    private static void busyWait(long micros) {
        long until = System.nanoTime() + micros * 1000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aKilledWriterLeavesEveryCommitWholeOrAbsent() throws Exception {
        for (AtomicMapDb.Access access : AtomicMapDb.Access.values()) {
            Path file = dir.resolve("crash-" + access + ".db");
            long committed = 0;
            java.util.Random random = new java.util.Random(42);
            for (int round = 0; round < 6; round++) {
                // the child's temp folder is the test's: what it unpacks there (LZ4's native library) goes with it after the kill
                Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + dir, "-Xmx128m",
                        "-cp", System.getProperty("java.class.path"), AtomicMapDbTest.class.getName(), file.toString(), access.name()))
                        .redirectErrorStream(true).start();
                long startedWith = committed;
                StringBuilder output = new StringBuilder();
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    int wanted = 3 + random.nextInt(8);
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("committed ")) {
                            committed = Long.parseLong(line.substring(10));
                        } else if (line.startsWith("committing ")) {
                            if (committed - startedWith >= wanted) {
                                busyWait(random.nextInt(3000));    // kill somewhere inside this commit
                                break;
                            }
                        } else if (output.length() < 4000) {
                            output.append(line).append('\n');
                        }
                    }
                } finally {
                    child.destroyForcibly();
                    child.waitFor(30, TimeUnit.SECONDS);
                }
                assertTrue(committed > startedWith, "the child committed nothing in round " + round + ":\n" + output);
                try (DB db = AtomicMapDb.open(file, access)) {
                    HTreeMap<Integer, byte[]> values = db.hashMap("values", Serializer.INTEGER, Serializer.BYTE_ARRAY).open();
                    long generation = db.treeMap("meta", Serializer.STRING, Serializer.LONG).open().get("generation");
                    assertTrue(generation >= committed, "generation " + generation + " lost commit " + committed);
                    assertEquals(KEYS, values.size());
                    for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
                        assertEquals(generation, java.nio.ByteBuffer.wrap(e.getValue()).getLong(), "key " + e.getKey() + " of another commit");
                        assertEquals(8 + (generation + e.getKey()) % 50, e.getValue().length);
                    }
                    committed = generation;
                }
            }
        }
    }
}
