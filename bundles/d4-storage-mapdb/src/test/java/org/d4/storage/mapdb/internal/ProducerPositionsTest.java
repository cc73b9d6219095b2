// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Producers' positions: committed with the items pushed with them, durable when saved, bounded. */
class ProducerPositionsTest {
    private static final UUID SENSOR = UUID.fromString("6a1c4c2e-6fb0-4bd5-9c3e-2f5a1b6c7d8e");

    @TempDir
    Path dir;

    /**
     * Run in a child JVM: a producer pushes batches of 7 items to two queues (one capped at 50),
     * recording after each batch how many it pushed, while another thread commits in a loop; a
     * position saved durably beside it; then the JVM halts at whatever point it has reached.
     */
    public static void main(String[] args) throws Exception {
        MapDbQueues q = MapDbQueues.open(Path.of(args[0]), 8 << 20);
        UUID all = q.create(new QueueSpec(QueueSelector.of(8), "all", 1_000_000, Optional.empty())).uuid();
        UUID capped = q.create(new QueueSpec(QueueSelector.of(8), "capped", 50, Optional.empty())).uuid();
        q.commit();
        Files.writeString(Path.of(args[1]), all + " " + capped);
        Thread committer = new Thread(() -> {
            while (true) {
                q.commit();
            }
        });
        committer.setDaemon(true);
        committer.start();
        QueueRoute route = q.route(8, Optional.empty(), SENSOR);
        q.savePosition("other/durable", "saved".getBytes(UTF_8));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2]));
        long pushed = 0;
        while (System.nanoTime() < deadline) {
            List<byte[]> batch = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                batch.add(Long.toString(pushed++).getBytes(UTF_8));
            }
            route.push(batch, "producer/1", ByteBuffer.allocate(8).putLong(0, pushed).array());
        }
        Runtime.getRuntime().halt(9);
    }

    @Test
    void aPositionAndTheItemsPushedWithItAreCommittedTogether() throws Exception {
        for (int run = 0; run < 3; run++) {
            Path file = dir.resolve("queues-" + run + ".db");
            Path ids = dir.resolve("ids-" + run);
            // the child's temp folder is the test's: what it unpacks there (LZ4's native library) goes with it after the kill
            Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + dir, "-cp",
                    System.getProperty("java.class.path"), ProducerPositionsTest.class.getName(), file.toString(), ids.toString(),
                    Integer.toString(300 + 150 * run))).inheritIO().start();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child finished");
            assertEquals(9, child.exitValue(), "child died abruptly");
            String[] queues = Files.readString(ids).split(" ");
            try (MapDbQueues q = MapDbQueues.open(file, 8 << 20)) {
                Map<String, byte[]> positions = q.positions("producer/");
                assertEquals(List.of("producer/1"), List.copyOf(positions.keySet()));
                long recorded = ByteBuffer.wrap(positions.get("producer/1")).getLong();
                assertTrue(recorded > 0, "the producer got going");
                List<QueueItem> items = q.poll(UUID.fromString(queues[0]), 100_000);
                List<QueueItem> more;
                while (!(more = q.poll(UUID.fromString(queues[0]), 100_000)).isEmpty()) {
                    items = new ArrayList<>(items);
                    items.addAll(more);
                }
                assertEquals(recorded, items.size(), "exactly the items pushed up to the recorded position");
                assertEquals(Long.toString(recorded - 1), items.get(items.size() - 1).text());
                List<QueueItem> last = q.poll(UUID.fromString(queues[1]), 100);
                assertEquals(50, last.size(), "the capped queue kept its newest 50");
                assertEquals(Long.toString(recorded - 1), last.get(49).text());
                assertEquals(recorded, q.queue(UUID.fromString(queues[1])).orElseThrow().in());
                assertArrayEquals("saved".getBytes(UTF_8), q.positions("other/").get("other/durable"), "a saved position is durable");
            }
        }
    }

    @Test
    void nullForgetsAndAPrefixSelects() throws Exception {
        try (MapDbQueues q = MapDbQueues.open(dir.resolve("q.db"), 8 << 20)) {
            QueueRoute route = q.route(3, Optional.empty(), SENSOR);
            assertEquals(0, route.push(List.of("no queue takes it".getBytes(UTF_8)), "a/1", new byte[] {1}), "no queue: the position still moves");
            route.push(List.of(), "a/2", new byte[] {2});
            route.push(List.of(), "b/1", new byte[] {3});
            assertEquals(List.of("a/1", "a/2"), List.copyOf(q.positions("a/").keySet()));
            route.push(List.of(), "a/1", null);
            q.commit();
        }
        try (MapDbQueues q = MapDbQueues.open(dir.resolve("q.db"), 8 << 20)) {
            assertEquals(List.of("a/2", "b/1"), List.copyOf(q.positions("").keySet()));
            assertArrayEquals(new byte[] {3}, q.positions("b/").get("b/1"));
        }
    }

    @Test
    void badKeysAndPositionsAreRefused() throws Exception {
        try (MapDbQueues q = MapDbQueues.open(dir.resolve("q.db"), 8 << 20)) {
            QueueRoute route = q.route(3, Optional.empty(), SENSOR);
            for (String key : new String[] {null, "", "k".repeat(QueueService.MAX_POSITION_KEY + 1)}) {
                QueueException e = assertThrows(QueueException.class, () -> route.push(List.of(), key, new byte[1]));
                assertEquals(QueueException.Problem.INVALID, e.problem());
                assertThrows(QueueException.class, () -> q.savePosition(key, new byte[1]));
            }
            byte[] big = new byte[QueueService.MAX_POSITION_BYTES + 1];
            assertThrows(QueueException.class, () -> route.push(List.of(), "k", big));
            assertThrows(QueueException.class, () -> q.savePosition("k", big));
            assertTrue(q.positions("").isEmpty(), "nothing refused was kept");
        }
    }
}
