// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.api.registry.Admission;
import org.d4.api.registry.SensorStatistics;
import org.d4.protocol.FrameEncoder;
import org.d4.protocol.FrameHeader;
import org.d4.registry.internal.StoredStatistics;
import org.d4.storage.mapdb.internal.MapDbFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The server's own work per frame on a network thread, without TLS and the socket: the rules
 * (header, HMAC of header and payload, limits), the statistics counters of the real registry and
 * the payload's copy in a pooled array, handed to the worker. Each operation is one frame; the
 * {@value #FRAMES} frames come in one read or in reads the size of TLS records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FramePathBenchmark {
    static final int FRAMES = 16;
    private static final UUID SENSOR = UUID.fromString("3b2a1c9e-5d4f-4a6b-8c7d-0e1f2a3b4c5d");
    private static final byte[] KEY = "bench key".getBytes(UTF_8);

    @Param({"4096", "65536"})
    int payloadBytes;

    /** Bytes per read: 0 for all {@value #FRAMES} frames in one; 16384 as TLS records bring them. */
    @Param({"0", "16384"})
    int readBytes;

    private Path dir;
    private MapDbFile store;
    private SessionRules rules;
    private ByteBuffer reads;
    private long delivered;
    private final PayloadArrays arrays = new PayloadArrays(32 << 20);

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("d4-frame-bench");
        store = new MapDbFile(dir.resolve("d4.db"));
        SensorStatistics statistics = new StoredStatistics(store);
        InetAddress peer = InetAddress.getLoopbackAddress();
        rules = new SessionRules(new Admitting(), new Counting(statistics, peer), new SessionRules.Limits(1 << 20, 65_536, 0, false),
                () -> 1_764_000_000L, arrays);
        FrameEncoder encoder = new FrameEncoder(KEY);
        byte[] payload = "2026-12-06T00:00:00 bench line xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n".repeat(payloadBytes / 80 + 1)
                .substring(0, payloadBytes).getBytes(UTF_8);
        byte[] frame = encoder.encode(3, SENSOR, 1_764_000_000L, payload);
        reads = ByteBuffer.allocateDirect(frame.length * FRAMES);   // as the network's buffers are
        for (int i = 0; i < FRAMES; i++) {
            reads.put(frame);
        }
        reads.flip();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long frames() throws SessionViolation {
        if (readBytes == 0) {
            rules.feed(reads.duplicate());
        } else {
            for (int at = 0; at < reads.limit(); at += readBytes) {
                rules.feed(reads.slice(at, Math.min(readBytes, reads.limit() - at)));
            }
        }
        return delivered;
    }

    private static final class Admitting implements SessionRules.Authority {
        @Override
        public Admission admit(UUID uuid, int type) {
            return Admission.accept(KEY);
        }

        @Override
        public boolean acceptsExtendedData() {
            return false;
        }

        @Override
        public boolean acceptsExtendedType(String name) {
            return false;
        }

        @Override
        public boolean claim(UUID uuid, int type) {
            return true;
        }
    }

    /** As the connection does: counts each frame, hands each payload on (here straight back to the pool, as a worker would). */
    private final class Counting implements SessionRules.Sink {
        private final SensorStatistics statistics;
        private final InetAddress peer;
        private SensorStatistics.FrameCounter counter;

        Counting(SensorStatistics statistics, InetAddress peer) {
            this.statistics = statistics;
            this.peer = peer;
        }

        @Override
        public void proven(UUID uuid, int type) {
            counter = statistics.frameCounter(uuid, peer, type);
        }

        @Override
        public void verified(FrameHeader header, int bytes) {
            counter.accepted(bytes, java.time.Instant.now());
        }

        @Override
        public void start(int type, Optional<String> extendedType, Map<String, Object> metadata) {
        }

        @Override
        public void data(byte[] payload, int length, long timestamp) {
            delivered += length;
            arrays.giveAll(java.util.List.of(payload));
        }
    }
}
