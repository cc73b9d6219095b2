// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzerhost.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.d4.storage.mapdb.internal.MapDbQueues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed against the real queue store: order, acknowledgement, retries, dead letters, stop and resume. */
class AnalyzerFeedTest {
    @TempDir
    Path dir;
    private MapDbQueues queues;
    private UUID queue;
    private QueueRoute route;

    @BeforeEach
    void open() throws Exception {
        queues = MapDbQueues.open(dir.resolve("queues.db"), 8 << 20);
        queue = queues.create(new QueueSpec(QueueSelector.of(8), "feed test", 1000, Optional.of("test"))).uuid();
        route = queues.route(8, Optional.empty(), UUID.randomUUID());
    }

    @AfterEach
    void close() {
        queues.close();
    }

    private AnalyzerFeed feed(Analyzer analyzer, int attempts, AnalyzerStats stats) {
        return new AnalyzerFeed("test", analyzer, queue, queues, attempts, 1, getClass().getClassLoader(), stats);
    }

    private void push(String... texts) {
        for (String t : texts) {
            route.push(t.getBytes(UTF_8));
        }
    }

    @Test
    void deliversInOrderAndRemovesOnlyWhatWasHandled() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        push("a", "b", "c");
        AnalyzerStats stats = new AnalyzerStats();
        AnalyzerFeed feed = feed(item -> seen.add(item.text()), 3, stats);
        feed.start();
        try {
            push("d");
            eventually(() -> seen.size() == 4);
            assertEquals(List.of("a", "b", "c", "d"), seen);
            eventually(() -> queues.queue(queue).orElseThrow().length() == 0);
            assertEquals(4, stats.delivered());
        } finally {
            feed.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFailingItemIsRetriedThenSetAsideWhileTheRestFlows() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        int[] tries = {0};
        push("ok 1", "poison", "ok 2");
        AnalyzerStats stats = new AnalyzerStats();
        AnalyzerFeed feed = feed(item -> {
            if (item.text().equals("poison")) {
                tries[0]++;
                throw new IllegalStateException("cannot parse");
            }
            seen.add(item.text());
        }, 3, stats);
        feed.start();
        try {
            eventually(() -> seen.size() == 2);
        } finally {
            feed.stop(Duration.ofSeconds(5));
        }
        assertEquals(List.of("ok 1", "ok 2"), seen);
        assertEquals(3, tries[0]);
        assertEquals(3, stats.failures());
        assertEquals(Optional.of("IllegalStateException: cannot parse"), stats.lastError());
        List<DeadLetter> dead = queues.deadLetters(queue, 10);
        assertEquals(1, dead.size());
        assertEquals("poison", dead.get(0).item().text());
        assertEquals(3, dead.get(0).attempts());
    }

    @Test
    void anItemInHandWhenStoppedIsDeliveredAgainLater() throws Exception {
        List<String> first = new CopyOnWriteArrayList<>();
        push("slow", "next");
        AnalyzerFeed feed = feed(item -> {
            first.add(item.text());
            TimeUnit.SECONDS.sleep(30);   // interrupted by stop: never returned, so never acknowledged
        }, 3, new AnalyzerStats());
        feed.start();
        eventually(() -> first.size() == 1);
        feed.stop(Duration.ofSeconds(5));
        assertEquals(2, queues.queue(queue).orElseThrow().length(), "nothing was removed");

        push("while away");
        List<String> second = new CopyOnWriteArrayList<>();
        AnalyzerFeed again = feed(item -> second.add(item.text()), 3, new AnalyzerStats());
        again.start();
        try {
            eventually(() -> second.size() == 3);
        } finally {
            again.stop(Duration.ofSeconds(5));
        }
        assertEquals(List.of("slow", "next", "while away"), second);
    }

    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 10 s");
            Thread.sleep(10);
        }
    }
}
