// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Packets per second on one core through the whole analysis: a pcap file's bytes (in memory, so the
 * disk is not measured) read, decoded, classified and tracked. The score is packets per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class DecodeBenchmark {
    static final int PACKETS = 1_000_000;

    @Param({"false", "true"})
    boolean gzip;

    byte[] capture;
    Telescope telescope;

    @Setup(Level.Trial)
    public void write() throws IOException {
        Path file = Files.createTempFile("bench", ".pcap");
        CaptureWriter.write(file, BenchCapture.frames(PACKETS, 50_000, 1), CaptureWriter.Link.ETHERNET, false, gzip);
        capture = Files.readAllBytes(file);
        Files.delete(file);
    }

    /** Each pass starts with an empty tracker, as a fresh analyzer would (an invocation takes a good fraction of a second). */
    @Setup(Level.Invocation)
    public void fresh() {
        telescope = new Telescope(MonitoredSpace.parse("10.128.0.0/16"), Thresholds.MOORE, new Telescope.Limits(2_000_000, 100_000),
                a -> { }, () -> { });
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public long analyze() throws IOException {
        telescope.read(new ByteArrayInputStream(capture), null);
        return telescope.count(Count.BACKSCATTER);
    }
}
