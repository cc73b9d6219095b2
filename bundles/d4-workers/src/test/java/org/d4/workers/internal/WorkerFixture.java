// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.d4.storage.mapdb.internal.MapDbQueues;

/** The workers on a real archive folder and real queues (MapDB), with a clock the test moves. */
final class WorkerFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2024-05-06T07:08:09Z");

    final Path archive;
    final MapDbQueues queues;
    final MutableClock clock = new MutableClock(START);
    final UUID sensor = UUID.randomUUID();
    final WorkerContext context;
    private boolean stopped;

    WorkerFixture(Path dir, Duration rotation, int maxLineBytes) throws IOException {
        this.archive = dir.resolve("archive");
        this.queues = MapDbQueues.open(dir.resolve("queues.db"), 64L << 20);
        // the flusher's own schedule is out of the way; tests call tick() themselves
        this.context = new WorkerContext(new WorkerSettings(archive, Duration.ofHours(1), rotation, maxLineBytes, 2, 1, true), queues, clock);
    }

    static WorkerFixture started(Path dir, Duration rotation) throws IOException {
        return started(dir, rotation, 102_400);
    }

    static WorkerFixture started(Path dir, Duration rotation, int maxLineBytes) throws IOException {
        WorkerFixture fixture = new WorkerFixture(dir, rotation, maxLineBytes);
        fixture.context.start();
        return fixture;
    }

    UUID queue(int type) {
        return queues.create(new QueueSpec(QueueSelector.of(type), "d", 1000, Optional.empty())).uuid();
    }

    UUID queue(String extendedType) {
        return queues.create(new QueueSpec(QueueSelector.extended(extendedType), "d", 1000, Optional.empty())).uuid();
    }

    SessionInfo session(int type) {
        return new SessionInfo(UUID.randomUUID().toString(), sensor, type, Optional.empty(), Map.of(), InetAddress.getLoopbackAddress(),
                clock.instant());
    }

    SessionInfo session(String extendedType, Map<String, Object> metaHeader) {
        return new SessionInfo(UUID.randomUUID().toString(), sensor, 254, Optional.of(extendedType), metaHeader,
                InetAddress.getLoopbackAddress(), clock.instant());
    }

    /** Waits for every compression and queue push: the workers stop as the framework would stop them. */
    void drain() {
        if (!stopped) {
            stopped = true;
            context.stop();
        }
    }

    List<QueueItem> items(UUID queue) {
        return queues.poll(queue, 10_000);
    }

    List<String> texts(UUID queue) {
        return items(queue).stream().map(QueueItem::text).toList();
    }

    /** Archive files whose name ends with {@code suffix}, by path. */
    List<Path> files(String suffix) throws IOException {
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(archive)) {
            return all.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static byte[] gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }

    static void feed(PayloadSession session, byte[]... payloads) throws IOException {
        for (byte[] payload : payloads) {
            session.accept(ByteBuffer.wrap(payload), 0);
        }
    }

    @Override
    public void close() {
        drain();
        queues.close();
    }
}
