// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapDbQueuesTest {
    private static final UUID SENSOR = UUID.fromString("6a1c4c2e-6fb0-4bd5-9c3e-2f5a1b6c7d8e");
    private static final UUID OTHER = UUID.fromString("0f3e9d7a-1b2c-4d5e-8f90-a1b2c3d4e5f6");

    @TempDir
    Path dir;

    private MapDbQueues open() throws Exception {
        return MapDbQueues.open(dir.resolve("queues.db"), 8 << 20);
    }

    private static QueueSpec spec(QueueSelector selector, int max) {
        return new QueueSpec(selector, "test", max, Optional.empty());
    }

    private static List<String> texts(List<QueueItem> items) {
        return items.stream().map(QueueItem::text).toList();
    }

    @Test
    void itemsLeaveOldestFirstAndSurviveAReopen() throws Exception {
        UUID queue;
        try (MapDbQueues q = open()) {
            queue = q.create(spec(QueueSelector.of(8), 100)).uuid();
            QueueRoute route = q.route(8, Optional.empty(), SENSOR);
            for (int i = 0; i < 5; i++) {
                assertEquals(1, route.push(("line " + i).getBytes(UTF_8)));
            }
            assertEquals(List.of("line 0", "line 1"), texts(q.poll(queue, 2)));
        }
        try (MapDbQueues q = open()) {
            QueueInfo info = q.queue(queue).orElseThrow();
            assertEquals(3, info.length());
            assertEquals(5, info.in());
            assertEquals(2, info.out());
            assertEquals("analyzer:8:" + queue, info.listName());
            assertEquals(List.of("line 2", "line 3"), texts(q.items(queue, 0, 2)), "items leaves them in place");
            assertEquals(List.of("line 3", "line 4"), texts(q.items(queue, 1, 10)));
            assertEquals(List.of("line 4"), texts(q.pollNewest(queue, 1)));
            assertEquals(SENSOR, q.poll(queue, 1).get(0).sensor());
            q.route(8, Optional.empty(), SENSOR).push("after reopen".getBytes(UTF_8));
            List<QueueItem> rest = q.poll(queue, 10);
            assertEquals(List.of("line 3", "after reopen"), texts(rest));
            assertTrue(rest.get(1).sequence() > rest.get(0).sequence(), "sequences keep growing after a reopen");
        }
    }

    @Test
    void aFullQueueDropsItsOldestAndCountsThem() throws Exception {
        try (MapDbQueues q = open()) {
            UUID queue = q.create(spec(QueueSelector.of(3), 3)).uuid();
            QueueRoute route = q.route(3, Optional.empty(), SENSOR);
            for (int i = 0; i < 10; i++) {
                route.push(Integer.toString(i).getBytes(UTF_8));
            }
            QueueInfo info = q.queue(queue).orElseThrow();
            assertEquals(3, info.length());
            assertEquals(7, info.dropped());
            assertEquals(List.of("7", "8", "9"), texts(q.poll(queue, 10)));
            // shrinking drops at once
            for (int i = 0; i < 3; i++) {
                route.push(Integer.toString(i).getBytes(UTF_8));
            }
            q.update(queue, new QueueChange(Optional.empty(), Optional.of(1), Optional.empty()));
            assertEquals(List.of("2"), texts(q.poll(queue, 10)));
        }
    }

    @Test
    void routesFollowSelectorsSensorGroupsAndLaterChanges() throws Exception {
        try (MapDbQueues q = open()) {
            UUID all = q.create(spec(QueueSelector.of(8), 100)).uuid();
            UUID group = q.create(spec(QueueSelector.of(8).withSensors(Set.of(OTHER)), 100)).uuid();
            UUID ja3 = q.create(spec(QueueSelector.extended("ja3-jl"), 100)).uuid();
            QueueRoute fromSensor = q.route(8, Optional.empty(), SENSOR);
            QueueRoute fromOther = q.route(8, Optional.empty(), OTHER);
            QueueRoute ja3Route = q.route(254, Optional.of("ja3-jl"), SENSOR);
            QueueRoute otherExtended = q.route(254, Optional.of("maltrail"), SENSOR);
            assertEquals(1, fromSensor.push("a".getBytes(UTF_8)));
            assertEquals(2, fromOther.push("b".getBytes(UTF_8)));
            assertEquals(1, ja3Route.push("{}".getBytes(UTF_8)));
            assertEquals(0, otherExtended.push("{}".getBytes(UTF_8)));
            assertEquals(List.of("a", "b"), texts(q.items(all, 0, 10)));
            assertEquals(List.of("b"), texts(q.items(group, 0, 10)));
            assertEquals("analyzer:ja3-jl:" + ja3, q.queue(ja3).orElseThrow().listName());

            // a queue created, edited or deleted after the route was made is seen by its next push
            UUID late = q.create(spec(QueueSelector.of(8), 100)).uuid();
            q.update(group, new QueueChange(Optional.empty(), Optional.empty(), Optional.of(Set.of(SENSOR))));
            q.delete(all);
            assertEquals(2, fromSensor.push("c".getBytes(UTF_8)));
            assertEquals(List.of("c"), texts(q.items(late, 0, 10)));
            assertEquals(List.of("b", "c"), texts(q.items(group, 0, 10)));
            assertThrows(QueueException.class, () -> q.items(all, 0, 1));
            assertEquals(List.of(group, ja3, late), q.queues().stream().map(QueueInfo::uuid).toList(), "creation order");
        }
    }

    @Test
    void aRouteIsWantedOnlyWhileAMatchingQueueExists() throws Exception {
        try (MapDbQueues q = open()) {
            QueueRoute route = q.route(3, Optional.empty(), SENSOR);
            assertFalse(route.wanted());
            UUID otherType = q.create(spec(QueueSelector.of(8), 100)).uuid();
            UUID otherSensor = q.create(spec(QueueSelector.of(3).withSensors(Set.of(OTHER)), 100)).uuid();
            assertFalse(route.wanted(), "neither queue matches");
            UUID matching = q.create(spec(QueueSelector.of(3), 100)).uuid();
            assertTrue(route.wanted());
            q.delete(matching);
            assertFalse(route.wanted());
            q.update(otherSensor, new QueueChange(Optional.empty(), Optional.empty(), Optional.of(Set.of(SENSOR))));
            assertTrue(route.wanted(), "the group now holds the sensor");
            q.delete(otherType);
        }
    }

    @Test
    void acknowledgeRemovesOnlyHandledItems() throws Exception {
        try (MapDbQueues q = open()) {
            UUID queue = q.create(spec(QueueSelector.of(4), 100)).uuid();
            QueueRoute route = q.route(4, Optional.empty(), SENSOR);
            for (int i = 0; i < 4; i++) {
                route.push(("x" + i).getBytes(UTF_8));
            }
            List<QueueItem> batch = q.items(queue, 0, 2);
            assertEquals(2, q.acknowledge(queue, batch.get(1).sequence()));
            assertEquals(0, q.acknowledge(queue, batch.get(1).sequence()), "twice is harmless");
            assertEquals(List.of("x2", "x3"), texts(q.items(queue, 0, 10)));
            assertEquals(2, q.queue(queue).orElseThrow().out());
        }
    }

    @Test
    void deadLettersAreSetAsideReplayedAndDiscarded() throws Exception {
        UUID queue;
        try (MapDbQueues q = open()) {
            queue = q.create(spec(QueueSelector.of(8), 100)).uuid();
            QueueRoute route = q.route(8, Optional.empty(), SENSOR);
            route.push("poison".getBytes(UTF_8));
            route.push("fine".getBytes(UTF_8));
            route.push("poison 2".getBytes(UTF_8));
            List<QueueItem> items = q.items(queue, 0, 3);
            DeadLetter d = q.deadLetter(queue, items.get(0), 5, "boom");
            assertEquals(List.of("fine", "poison 2"), texts(q.items(queue, 0, 10)));
            q.acknowledge(queue, items.get(1).sequence());
            q.deadLetter(queue, items.get(2), 5, "bang");
            assertEquals(List.of(), texts(q.items(queue, 0, 10)));
            route.push("fine".getBytes(UTF_8));
            assertEquals("boom", d.error());
            assertEquals(2, q.queue(queue).orElseThrow().deadLetters());
        }
        try (MapDbQueues q = open()) {
            List<DeadLetter> dead = q.deadLetters(queue, 10);
            assertEquals(List.of("poison", "poison 2"), dead.stream().map(l -> l.item().text()).toList());
            assertEquals(5, dead.get(0).attempts());
            assertEquals(1, q.replayDeadLetters(queue, List.of(dead.get(0).id())));
            assertEquals(List.of("fine", "poison"), texts(q.items(queue, 0, 10)), "replayed at the tail");
            assertEquals(SENSOR, q.items(queue, 1, 1).get(0).sensor());
            assertEquals(0, q.replayDeadLetters(queue, List.of(dead.get(0).id())), "already replayed");
            assertEquals(1, q.discardDeadLetters(queue, List.of()));
            assertEquals(0, q.queue(queue).orElseThrow().deadLetters());
        }
    }

    @Test
    void emptyAndDelete() throws Exception {
        try (MapDbQueues q = open()) {
            UUID queue = q.create(spec(QueueSelector.of(8), 100)).uuid();
            QueueRoute route = q.route(8, Optional.empty(), SENSOR);
            route.push("a".getBytes(UTF_8));
            route.push("b".getBytes(UTF_8));
            assertEquals(2, q.empty(queue));
            assertEquals(0, q.queue(queue).orElseThrow().length());
            q.delete(queue);
            assertTrue(q.queue(queue).isEmpty());
            assertEquals(0, route.push("c".getBytes(UTF_8)));
            QueueException e = assertThrows(QueueException.class, () -> q.delete(queue));
            assertEquals(QueueException.Problem.NOT_FOUND, e.problem());
        }
        try (MapDbQueues q = open()) {
            assertTrue(q.queues().isEmpty(), "a deleted queue stays deleted");
        }
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        try (MapDbQueues q = open()) {
            UUID queue = q.create(spec(QueueSelector.of(8), 100)).uuid();
            assertEquals(QueueException.Problem.INVALID, assertThrows(QueueException.class, () -> q.poll(queue, -1)).problem());
            assertEquals(QueueException.Problem.INVALID, assertThrows(QueueException.class, () -> q.items(queue, -1, 1)).problem());
            assertEquals(QueueException.Problem.INVALID, assertThrows(QueueException.class,
                    () -> q.update(queue, new QueueChange(Optional.empty(), Optional.of(0), Optional.empty()))).problem());
            assertEquals(QueueException.Problem.NOT_FOUND, assertThrows(QueueException.class, () -> q.poll(UUID.randomUUID(), 1)).problem());
            assertThrows(IllegalArgumentException.class, () -> QueueSelector.of(0));
            assertThrows(IllegalArgumentException.class, () -> QueueSelector.of(254));
            assertThrows(IllegalArgumentException.class, () -> QueueSelector.extended("bad name!"));
            assertThrows(IllegalArgumentException.class, () -> spec(QueueSelector.of(8), 0));
        }
    }

    @Test
    void aConsumerKeepsUpWithWritersWhileCommitsRunConcurrently() throws Exception {
        try (MapDbQueues q = MapDbQueues.open(dir.resolve("queues.db"), 256 << 10)) {
            UUID queue = q.create(spec(QueueSelector.of(8), 1_000_000)).uuid();
            int writers = 3;
            int perWriter = 20_000;
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
            try {
                Future<?> committer = pool.submit(() -> {
                    while (!done.get()) {
                        q.commit();
                    }
                });
                List<Future<?>> producers = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    UUID sensor = new UUID(0, w);
                    producers.add(pool.submit(() -> {
                        QueueRoute route = q.route(8, Optional.empty(), sensor);
                        for (int i = 0; i < perWriter; i++) {
                            route.push(Integer.toString(i).getBytes(UTF_8));
                        }
                    }));
                }
                Future<int[]> consumer = pool.submit(() -> {
                    int[] next = new int[writers];
                    int seen = 0;
                    while (seen < writers * perWriter) {
                        if (!q.awaitItems(queue, Duration.ofSeconds(10))) {
                            throw new AssertionError("stalled after " + seen);
                        }
                        List<QueueItem> batch = q.items(queue, 0, 500);
                        for (QueueItem item : batch) {
                            int w = (int) item.sensor().getLeastSignificantBits();
                            assertEquals(next[w]++, Integer.parseInt(item.text()), "writer " + w + " in order, once");
                            seen++;
                        }
                        if (!batch.isEmpty()) {
                            assertEquals(batch.size(), q.acknowledge(queue, batch.get(batch.size() - 1).sequence()));
                        }
                    }
                    return next;
                });
                for (Future<?> f : producers) {
                    f.get(120, TimeUnit.SECONDS);
                }
                int[] counts = consumer.get(120, TimeUnit.SECONDS);
                done.set(true);
                committer.get(30, TimeUnit.SECONDS);
                for (int c : counts) {
                    assertEquals(perWriter, c);
                }
            } finally {
                done.set(true);
                pool.shutdownNow();
            }
            assertEquals(0, q.queue(queue).orElseThrow().length());
        }
    }

    @Test
    void awaitWakesOnPushAndConcurrentWritersLoseNothing() throws Exception {
        try (MapDbQueues q = open()) {
            UUID queue = q.create(spec(QueueSelector.of(8), 1_000_000)).uuid();
            assertFalse(q.awaitItems(queue, Duration.ofMillis(20)));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch woke = new CountDownLatch(1);
                Future<?> waiter = pool.submit(() -> {
                    if (q.awaitItems(queue, Duration.ofSeconds(10))) {
                        woke.countDown();
                    }
                    return null;
                });
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    UUID sensor = UUID.randomUUID();
                    writers.add(pool.submit(() -> {
                        QueueRoute route = q.route(8, Optional.empty(), sensor);
                        for (int i = 0; i < 5000; i++) {
                            route.push(("item " + i).getBytes(UTF_8));
                            if (i % 1000 == 0) {
                                q.commit();
                            }
                        }
                    }));
                }
                for (Future<?> f : writers) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertTrue(woke.await(10, TimeUnit.SECONDS));
                waiter.get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(15_000, q.queue(queue).orElseThrow().length());
            long previous = -1;
            int seen = 0;
            for (List<QueueItem> batch = q.poll(queue, 1000); !batch.isEmpty(); batch = q.poll(queue, 1000)) {
                for (QueueItem item : batch) {
                    assertTrue(item.sequence() > previous);
                    previous = item.sequence();
                    seen++;
                }
            }
            assertEquals(15_000, seen);
        }
    }
}
