// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lines per second through the analyzer (parse, exclusions, batch, store, commit) into a store
 * that already holds {@code records} records ({@link BenchData}), with the appliance's heap
 * (-Xmx512m, SerialGC) and default settings (commit every second, batches of up to 100,000 distinct records). Each
 * operation is one line; an invocation ends with everything committed, so the writer's work is
 * all counted.
 *
 * <p>{@code mixed}: a share {@code fresh} of the lines carries a record not seen before, the rest
 * repeat known ones, 80 % of those among the hottest 1 % (as passive DNS repeats popular names)
 * and 20 % anywhere. {@code freshOnly}: every line a new record, the worst case.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC"})
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class IngestBenchmark {
    static final int MIXED_LINES = 2_000_000;
    static final int FRESH_LINES = 200_000;

    @Param("10000000")
    public long records;

    @Param("0.05")
    public double fresh;

    /** The analyzer's commit.interval.ms. */
    @Param("1000")
    public long commit;

    /** The analyzer's flush.records. */
    @Param("100000")
    public int batch;

    private PassiveDnsAnalyzer analyzer;
    private long sequence;
    private long nextFresh;
    private final SplittableRandom random = new SplittableRandom(42);
    private long time = 1_700_000_000L;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path work = BenchData.store(records, Path.of("target/pdns-bench/work-ingest"));
        analyzer = new PassiveDnsAnalyzer(work, new TestConfig().commitInterval(commit).flushRecords(batch), "bench", () -> 1_700_000_000L);
        nextFresh = records;
    }

    @TearDown(Level.Trial)
    public void close() {
        analyzer.close();
    }

    // CPU time, not only wall time: the development machine is shared, and CPU per line is what a quiet machine would see
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long linesAtStart;
    private long writerCpuAtStart;
    private long processCpuAtStart;

    @Setup(Level.Iteration)
    public void startCounting() {
        linesAtStart = sequence;
        writerCpuAtStart = writerCpuNanos();
        processCpuAtStart = processCpuNanos();
    }

    @TearDown(Level.Iteration)
    public void printCpuPerLine() {
        double lines = sequence - linesAtStart;
        System.out.printf("  [CPU per line: writer thread %.2f us, whole process %.2f us, over %,.0f lines]%n",
                (writerCpuNanos() - writerCpuAtStart) / 1e3 / lines, (processCpuNanos() - processCpuAtStart) / 1e3 / lines, lines);
    }

    private long writerCpuNanos() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(Ingestor.WRITER_THREAD)) {
                return threads.getThreadCpuTime(t.getId());
            }
        }
        return 0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Benchmark
    @OperationsPerInvocation(MIXED_LINES)
    public void mixed() throws Exception {
        long hot = Math.max(1, records / 100);
        for (int n = 0; n < MIXED_LINES; n++) {
            long i;
            if (random.nextDouble() < fresh) {
                i = nextFresh++;
            } else {
                i = random.nextInt(10) < 8 ? random.nextLong(hot) : random.nextLong(records);
            }
            analyzer.analyze(BenchData.item(++sequence, BenchData.line(i, time + n / 50_000)));
        }
        time += MIXED_LINES / 50_000;
        analyzer.flush();
    }

    @Benchmark
    @OperationsPerInvocation(FRESH_LINES)
    public void freshOnly() throws Exception {
        for (int n = 0; n < FRESH_LINES; n++) {
            analyzer.analyze(BenchData.item(++sequence, BenchData.line(nextFresh++, time)));
        }
        analyzer.flush();
    }
}
