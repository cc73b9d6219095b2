// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.protocol.FrameAuthenticator;
import org.d4.protocol.FrameDecoder;
import org.d4.protocol.FrameEncoder;
import org.d4.protocol.FrameException;
import org.d4.protocol.FrameListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding a 4 MiB stream of 4 KiB or 64 KiB frames that arrives in 16 KiB reads, as from a socket.
 * Scores are frames per second (one operation = one frame); MB/s = score x frame size.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 3)
public class DecoderBenchmark {

    static final int STREAM_BYTES = 4 << 20;
    static final int CHUNK = 16 << 10;
    static final byte[] KEY = "benchmark key".getBytes();

    /** A stream cut into chunks, and a decoder that always ends a run at a frame boundary. */
    @State(Scope.Thread)
    public abstract static class Stream {
        List<ByteBuffer> chunks = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        FrameAuthenticator auth = new FrameAuthenticator(KEY);

        abstract int payloadSize();

        @Setup(Level.Trial)
        public void build() {
            byte[] payload = new byte[payloadSize()];
            new Random(1).nextBytes(payload);
            FrameEncoder encoder = new FrameEncoder(KEY);
            UUID uuid = UUID.randomUUID();
            ByteBuffer stream = ByteBuffer.allocate(STREAM_BYTES / payload.length * FrameEncoder.frameLength(payload.length));
            while (stream.hasRemaining()) {
                encoder.encode(1, uuid, 1_700_000_000L, ByteBuffer.wrap(payload), stream);
            }
            for (int off = 0; off < stream.capacity(); off += CHUNK) {
                chunks.add(ByteBuffer.wrap(stream.array(), off, Math.min(CHUNK, stream.capacity() - off)).slice());
            }
            checkOneRun();
        }

        /** Guards the figures: one run must decode every frame, each with a valid HMAC. */
        private void checkOneRun() {
            int[] valid = {0};
            try {
                for (ByteBuffer chunk : chunks) {
                    decoder.feed(chunk.clear(), (h, p) -> valid[0] += auth.verify(h, p) ? 1 : 0);
                }
            } catch (FrameException e) {
                throw new IllegalStateException(e);
            }
            if (valid[0] != STREAM_BYTES / payloadSize() || decoder.inFrame()) {
                throw new IllegalStateException("decoded " + valid[0] + " valid frames, expected " + STREAM_BYTES / payloadSize());
            }
        }

        void decode(Blackhole bh, boolean verify) throws FrameException {
            FrameListener listener = verify ? (h, p) -> bh.consume(auth.verify(h, p)) : (h, p) -> {
                bh.consume(h);
                bh.consume(p.get(p.limit() - 1));
            };
            for (ByteBuffer chunk : chunks) {
                decoder.feed(chunk.clear(), listener);
            }
        }
    }

    public static class Frames4k extends Stream {
        @Override
        int payloadSize() {
            return 4 << 10;
        }
    }

    public static class Frames64k extends Stream {
        @Override
        int payloadSize() {
            return 64 << 10;
        }
    }

    @Benchmark
    @OperationsPerInvocation(STREAM_BYTES / (4 << 10))
    public void decode4k(Frames4k s, Blackhole bh) throws FrameException {
        s.decode(bh, false);
    }

    @Benchmark
    @OperationsPerInvocation(STREAM_BYTES / (64 << 10))
    public void decode64k(Frames64k s, Blackhole bh) throws FrameException {
        s.decode(bh, false);
    }

    /** The server's path: decode, then verify each frame's HMAC. */
    @Benchmark
    @OperationsPerInvocation(STREAM_BYTES / (4 << 10))
    public void decodeAndVerify4k(Frames4k s, Blackhole bh) throws FrameException {
        s.decode(bh, true);
    }

    @Benchmark
    @OperationsPerInvocation(STREAM_BYTES / (64 << 10))
    public void decodeAndVerify64k(Frames64k s, Blackhole bh) throws FrameException {
        s.decode(bh, true);
    }
}
