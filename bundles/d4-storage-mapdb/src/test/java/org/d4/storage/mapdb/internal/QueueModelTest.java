// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random pushes, pops at both ends, acknowledgements, reads at random offsets, commits and reopens,
 * checked step by step against a plain deque: items in memory, in stored segments and across both
 * always read the same.
 */
class QueueModelTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void behavesLikeABoundedDeque(long seed) throws Exception {
        Random random = new Random(seed);
        int max = 500 + random.nextInt(3000);
        Path file = dir.resolve("queues.db");
        ArrayDeque<String> model = new ArrayDeque<>();
        long pushed = 0;
        MapDbQueues q = MapDbQueues.open(file, 1 << 20);
        UUID queue = q.create(new QueueSpec(QueueSelector.of(3), "model", max, Optional.empty())).uuid();
        QueueRoute route = q.route(3, Optional.empty(), UUID.randomUUID());
        try {
            for (int step = 0; step < 4000; step++) {
                int op = random.nextInt(100);
                if (op < 50) {
                    int n = 1 + random.nextInt(random.nextBoolean() ? 5 : 1500);
                    for (int i = 0; i < n; i++) {
                        String text = "item " + pushed++;
                        route.push(text.getBytes(UTF_8));
                        model.addLast(text);
                        if (model.size() > max) {
                            model.pollFirst();
                        }
                    }
                } else if (op < 65) {
                    int n = random.nextInt(200);
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < n && !model.isEmpty(); i++) {
                        expected.add(model.pollFirst());
                    }
                    assertEquals(expected, texts(q.poll(queue, n)), "poll, step " + step);
                } else if (op < 70) {
                    int n = random.nextInt(3);
                    List<String> expected = new ArrayList<>();
                    for (int i = 0; i < n && !model.isEmpty(); i++) {
                        expected.add(model.pollLast());
                    }
                    assertEquals(expected, texts(q.pollNewest(queue, n)), "poll newest, step " + step);
                } else if (op < 78) {
                    List<QueueItem> head = q.items(queue, 0, 1 + random.nextInt(50));
                    if (!head.isEmpty()) {
                        int upTo = random.nextInt(head.size());
                        q.acknowledge(queue, head.get(upTo).sequence());
                        for (int i = 0; i <= upTo; i++) {
                            model.pollFirst();
                        }
                    }
                } else if (op < 90) {
                    int offset = model.isEmpty() ? 0 : random.nextInt(model.size() + 5);
                    int count = random.nextInt(1200);
                    List<String> expected = new ArrayList<>(model).subList(Math.min(offset, model.size()), Math.min(model.size(), offset + count));
                    assertEquals(expected, texts(q.items(queue, offset, count)), "items(" + offset + ", " + count + "), step " + step);
                } else if (op < 97) {
                    q.commit();
                } else {
                    q.close();
                    q = MapDbQueues.open(file, 1 << 20);
                    route = q.route(3, Optional.empty(), UUID.randomUUID());
                }
                assertEquals(model.size(), q.queue(queue).orElseThrow().length(), "length, step " + step);
            }
            assertEquals(new ArrayList<>(model), texts(q.items(queue, 0, 100_000)));
            List<QueueItem> all = q.items(queue, 0, 100_000);
            for (int i = 1; i < all.size(); i++) {
                assertEquals(true, all.get(i).sequence() > all.get(i - 1).sequence(), "sequences increase");
            }
        } finally {
            q.close();
        }
    }

    private static List<String> texts(List<QueueItem> items) {
        return items.stream().map(QueueItem::text).toList();
    }
}
