// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.d4.storage.mapdb.internal.MapDbQueues;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Queue throughput on a real file with the commits the appliance does (every second, and earlier
 * when writers run ahead): pushes of passivedns-sized lines, and a push followed by a pop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueueBenchmark {
    @Param({"120", "1024"})
    int itemBytes;

    private Path dir;
    private MapDbQueues queues;
    private ScheduledExecutorService committer;
    private UUID queue;
    private QueueRoute route;
    private byte[] item;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("d4-queue-bench");
        queues = MapDbQueues.open(dir.resolve("queues.db"), 32L << 20);
        queue = queues.create(new QueueSpec(QueueSelector.of(8), "bench", 1_000_000, Optional.empty())).uuid();
        route = queues.route(8, Optional.empty(), UUID.randomUUID());
        item = new byte[itemBytes];
        java.util.Arrays.fill(item, (byte) 'x');
        committer = Executors.newSingleThreadScheduledExecutor();
        committer.scheduleWithFixedDelay(() -> {
            if (queues.commitDue()) {
                queues.commit();
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        committer.scheduleWithFixedDelay(queues::commit, 1, 1, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        committer.shutdownNow();
        queues.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One push into a queue that stays at its maximum (each push past it drops the oldest). */
    @Benchmark
    public int push() {
        return route.push(item);
    }

    /** One push and one pop: a consumer keeping up with its producer. */
    @Benchmark
    public List<QueueItem> pushThenPop() {
        route.push(item);
        return queues.poll(queue, 1);
    }
}
