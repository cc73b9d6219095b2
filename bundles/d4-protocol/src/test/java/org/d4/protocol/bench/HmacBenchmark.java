// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol.bench;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.protocol.FrameAuthenticator;
import org.d4.protocol.FrameEncoder;
import org.d4.protocol.FrameException;
import org.d4.protocol.FrameHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** HMAC verification of one frame (header + payload). Scores are frames per second. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 3)
public class HmacBenchmark {

    @Param({"4096", "65536"})
    int payloadSize;

    private final FrameAuthenticator auth = new FrameAuthenticator(DecoderBenchmark.KEY);
    private FrameHeader header;
    private ByteBuffer headerBytes;
    private ByteBuffer payload;

    @Setup(Level.Trial)
    public void build() throws FrameException {
        byte[] data = new byte[payloadSize];
        new Random(2).nextBytes(data);
        byte[] frame = new FrameEncoder(DecoderBenchmark.KEY).encode(1, UUID.randomUUID(), 1_700_000_000L, data);
        headerBytes = ByteBuffer.wrap(frame, 0, FrameHeader.HEADER_SIZE);
        payload = ByteBuffer.wrap(frame, FrameHeader.HEADER_SIZE, payloadSize).slice();
        header = FrameHeader.parse(headerBytes.duplicate());
    }

    @Benchmark
    public boolean verifyParsedHeader() {
        return auth.verify(header, payload);
    }

    @Benchmark
    public boolean verifyHeaderBytes() {
        return auth.verify(headerBytes, payload);
    }
}
