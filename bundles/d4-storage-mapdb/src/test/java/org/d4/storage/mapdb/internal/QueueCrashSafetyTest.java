// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A separate JVM queues, commits, queues more and dies: the committed items and matching counters are there. */
class QueueCrashSafetyTest {
    @TempDir
    Path dir;

    /**
     * Run in the child JVM: 1000 committed items (200 of them taken), then 500 uncommitted, then halt;
     * with a third argument {@code acknowledged}: 100 items, 40 acknowledged and made durable, then halt.
     */
    public static void main(String[] args) throws Exception {
        MapDbQueues q = MapDbQueues.open(Path.of(args[0]), 8 << 20);
        UUID queue = q.create(new QueueSpec(QueueSelector.of(8), "crash", 100_000, Optional.empty())).uuid();
        Files.writeString(Path.of(args[1]), queue.toString());
        QueueRoute route = q.route(8, Optional.empty(), UUID.randomUUID());
        if (args.length > 2) {
            for (int i = 0; i < 100; i++) {
                route.push(("item " + i).getBytes(UTF_8));
            }
            q.commit();
            q.acknowledge(queue, q.items(queue, 39, 1).get(0).sequence());
            q.awaitDurable();     // a forwarder's acknowledgement: it must not be undone by the crash
            Runtime.getRuntime().halt(9);
        }
        for (int i = 0; i < 1000; i++) {
            route.push(("committed " + i).getBytes(UTF_8));
        }
        q.poll(queue, 200);
        q.commit();
        for (int i = 0; i < 500; i++) {
            route.push(("pending " + i).getBytes(UTF_8));
        }
        q.poll(queue, 10);
        Runtime.getRuntime().halt(9);
    }

    /** Runs {@link #main} in a JVM of its own, which dies; the queue's id. */
    private UUID dieIn(Path file, String... more) throws Exception {
        Path id = dir.resolve("queue-id");
        // the child's temp folder is the test's: what it unpacks there (LZ4's native library) goes with it after the kill
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djava.io.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"), QueueCrashSafetyTest.class.getName(), file.toString(), id.toString()));
        command.addAll(List.of(more));
        Process child = new ProcessBuilder(command).inheritIO().start();
        assertEquals(true, child.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(9, child.exitValue(), "child died abruptly");
        return UUID.fromString(Files.readString(id));
    }

    @Test
    void acknowledgementsMadeDurableSurviveAnAbruptDeath() throws Exception {
        Path file = dir.resolve("queues.db");
        UUID queue = dieIn(file, "acknowledged");
        try (MapDbQueues q = MapDbQueues.open(file, 8 << 20)) {
            assertEquals(60, q.queue(queue).orElseThrow().length());
            assertEquals("item 40", q.items(queue, 0, 1).get(0).text());
        }
    }

    @Test
    void committedItemsSurviveAnAbruptDeath() throws Exception {
        Path file = dir.resolve("queues.db");
        UUID queue = dieIn(file);
        try (MapDbQueues q = MapDbQueues.open(file, 8 << 20)) {
            QueueInfo info = q.queue(queue).orElseThrow();
            assertEquals(800, info.length(), "the counters agree with the committed contents");
            assertEquals(1000, info.in());
            assertEquals(200, info.out());
            List<QueueItem> items = q.poll(queue, 1000);
            assertEquals(800, items.size());
            assertEquals("committed 200", items.get(0).text());
            assertEquals("committed 999", items.get(799).text());
        }
    }
}
