// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cutting one 64 KiB payload of 120-byte log lines into lines, as the type-3 worker does for every
 * payload: {@code feed} when a queue takes the lines, {@code skip} when none does. Heap and direct
 * payloads (the sensor port uses direct buffers with its OpenSSL engine). Scores are payloads per
 * second; times 65,536 gives bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(time = 2)
@Measurement(time = 3)
public class LineAssemblerBenchmark {

    @Param({"heap", "direct"})
    String buffer;

    private ByteBuffer payload;
    private LineAssembler assembler;
    private long lines;

    @Setup(Level.Trial)
    public void build(Blackhole blackhole) {
        byte[] line = ("2026-12-01T00:00:00 host sshd[4242]: Accepted publickey for operator from 192.0.2.7 port 51234 ssh2 "
                + "x".repeat(12) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[65536];
        for (int i = 0; i < data.length; i++) {
            data[i] = line[i % line.length];
        }
        payload = buffer.equals("direct") ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
        payload.put(data).flip();
        assembler = new LineAssembler(102_400, l -> {
            lines++;
            blackhole.consume(l);
        });
    }

    @Benchmark
    public long feed() {
        assembler.feed(payload);
        return lines;
    }

    @Benchmark
    public long skip() {
        assembler.skip(payload);
        return lines;
    }
}
