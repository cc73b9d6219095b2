// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one query on a store of {@code records} records ({@link BenchData}), from the text
 * of the query to the last byte of its COF answer (parse, index walk, values, JSON; no HTTP), for
 * names and addresses picked uniformly among all records, on an idle store or while lines are
 * ingested at {@code ingest} lines per second. Sample mode: JMH reports p50, p99 and more.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-XX:+UseSerialGC"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class QueryBenchmark {
    @Param("10000000")
    public long records;

    /** Lines per second ingested meanwhile (the IngestBenchmark's mixed stream); 0 for an idle store. */
    @Param("0")
    public int ingest;

    private PassiveDnsAnalyzer analyzer;
    private final SplittableRandom random = new SplittableRandom(7);
    private Thread feeder;
    private volatile boolean feeding = true;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path work = BenchData.store(records, Path.of("target/pdns-bench/work-query"));
        analyzer = new PassiveDnsAnalyzer(work, new TestConfig().commitInterval(1000), "bench", () -> 1_700_000_000L);
        if (ingest > 0) {
            feeder = new Thread(this::feed, "bench-feeder");
            feeder.setDaemon(true);
            feeder.start();
        }
    }

    /** Sends the mixed stream (5 % new records) at {@code ingest} lines per second, in slices of 10 ms. */
    private void feed() {
        SplittableRandom r = new SplittableRandom(11);
        long next = records;
        long sequence = 0;
        long start = System.nanoTime();
        try {
            while (feeding) {
                long due = (System.nanoTime() - start) / 1_000_000 * ingest / 1000;
                while (sequence < due && feeding) {
                    long i = r.nextDouble() < 0.05 ? next++ : r.nextInt(10) < 8 ? r.nextLong(records / 100) : r.nextLong(records);
                    analyzer.analyze(BenchData.item(++sequence, BenchData.line(i, 1_700_000_000L)));
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
        feeding = false;
        if (feeder != null) {
            feeder.join();
        }
        analyzer.close();
    }

    private long run(String q) throws Exception {
        try (CofWriter out = analyzer.cofWriter(OutputStream.nullOutputStream())) {
            return analyzer.query(analyzer.parser().parse(q, false, Map.of(), h -> null), out).served();
        }
    }

    @Benchmark
    public long byName() throws Exception {
        return run(BenchData.name(random.nextLong(records)));
    }

    @Benchmark
    public long byAddress() throws Exception {
        long i;
        do {
            i = random.nextLong(records);
        } while (!BenchData.type(i).equals("A"));
        return run(BenchData.address(i));
    }

    @Benchmark
    public long subdomainsOfADomain() throws Exception {
        return run("*." + BenchData.name(random.nextLong(records / 5) * 5));
    }
}
