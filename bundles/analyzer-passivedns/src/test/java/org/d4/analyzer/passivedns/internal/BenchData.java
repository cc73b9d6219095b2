// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.Stream;
import org.d4.api.queue.QueueItem;

/**
 * A deterministic passive DNS universe for the benchmarks: record {@code i} is one of five names
 * of domain {@code i / 5} under seven TLDs, 70 % A, 15 % AAAA, 10 % CNAME, 5 % TXT, with data
 * spread by a hash of {@code i}. A store holding records 0 to n - 1 is built once per size through
 * the analyzer itself and kept under {@code target/pdns-bench/}; each run works on a copy.
 */
final class BenchData {
    static final UUID SENSOR = UUID.fromString("0bec0000-0000-4000-8000-000000000001");
    private static final String[] SUBDOMAINS = {"", "www.", "mail.", "api.", "cdn."};
    private static final String[] TLDS = {"com", "net", "org", "de", "lu", "fr", "io"};

    private BenchData() {
    }

    static long hash(long i) {
        long h = i * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ h >>> 29;
    }

    static String name(long i) {
        long domain = i / 5;
        return SUBDOMAINS[(int) (i % 5)] + "d" + domain + ".example." + TLDS[(int) (domain % TLDS.length)];
    }

    static String type(long i) {
        int k = (int) (Long.remainderUnsigned(hash(i), 20));
        return k < 14 ? "A" : k < 17 ? "AAAA" : k < 19 ? "CNAME" : "TXT";
    }

    static String rdata(long i) {
        long h = hash(i + 1_000_003L);
        return switch (type(i)) {
            case "A" -> address(i);
            case "AAAA" -> "2001:db8:" + Long.toHexString(h >>> 48) + "::" + Long.toHexString(h & 0xffff);
            case "CNAME" -> "edge" + Long.remainderUnsigned(h, 50_000) + ".cdn.example.net.";
            default -> "\"v=spf1 include:_spf" + Long.remainderUnsigned(h, 1000) + ".example.com ~all\"";
        };
    }

    /** The address of record i when it is an A record; about 4 records per address. */
    static String address(long i) {
        long h = hash(i / 4 * 4 + 77);
        return (1 + Long.remainderUnsigned(h >>> 40, 222)) + "." + (h >>> 32 & 255) + "." + (h >>> 24 & 255) + "." + (h >>> 16 & 255);
    }

    static String line(long i, long time) {
        return time + ".000001||192.0.2.1||198.51.100.53||IN||" + name(i) + ".||" + type(i) + "||" + rdata(i) + "||300||1";
    }

    static QueueItem item(long sequence, String line) {
        return new QueueItem(sequence, SENSOR, 0, line.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the store of records 0 to n - 1 in {@code work}, built first if needed. */
    static Path store(long n, Path work) throws Exception {
        Path pristine = Path.of("target/pdns-bench/" + n);
        if (!Files.exists(pristine.resolve("complete"))) {
            build(n, pristine);
        }
        deleteTree(work);
        Files.createDirectories(work);
        try (Stream<Path> files = Files.list(pristine)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.getFileName().toString().equals("complete")) {
                    Path copy = work.resolve(f.getFileName());
                    copyPastCache(f, copy);
                }
            }
        }
        return work;
    }

    /**
     * Copies a store file with direct writes, which leave nothing in the page cache and nothing to
     * write back: the run then reads the store from disk as an appliance does after a restart. A copy
     * through the page cache would leave it in the large pages of a sequential write, which make the
     * commits' small positional writes several times dearer than those of a running appliance.
     */
    private static void copyPastCache(Path from, Path to) throws IOException {
        int block = 1 << 20;
        ByteBuffer buffer = ByteBuffer.allocateDirect(block + 4096).alignedSlice(4096);
        long whole;
        try (FileChannel in = FileChannel.open(from);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
            long size = in.size();
            whole = size & -4096L;
            for (long at = 0; at < whole; ) {
                buffer.clear().limit((int) Math.min(block, whole - at));
                while (buffer.hasRemaining()) {
                    if (in.read(buffer, at + buffer.position()) < 0) {
                        throw new IOException(from + " shrank while copied");
                    }
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer, at + buffer.position());
                }
                at += buffer.limit();
            }
        }
        try (FileChannel in = FileChannel.open(from); FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE)) {
            in.transferTo(whole, in.size() - whole, out.position(whole));   // the last partial block
            out.force(true);
        }
    }

    private static void build(long n, Path folder) throws Exception {
        deleteTree(folder);
        long start = System.nanoTime();
        TestConfig config = new TestConfig().flushRecords(100_000);
        config.commitIntervalMs = 5000;
        PassiveDnsAnalyzer analyzer = new PassiveDnsAnalyzer(folder, config, "bench", () -> 1_700_000_000L);
        for (long i = 0; i < n; i++) {
            analyzer.analyze(item(i + 1, line(i, 1_600_000_000L + i / 1000)));
            if (i % 1_000_000 == 999_999) {
                System.out.printf("built %,d records, %.0f/s%n", i + 1, (i + 1) / ((System.nanoTime() - start) / 1e9));
            }
        }
        analyzer.flush();
        analyzer.close();
        Files.writeString(folder.resolve("complete"), Long.toString(n));
        long bytes = Files.size(folder.resolve(PdnsStore.FILE));
        System.out.printf("store of %,d records built in %.0f s: %,d bytes, %.1f MB per million records%n", n, (System.nanoTime() - start) / 1e9,
                bytes, bytes / 1e6 / (n / 1e6));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Builds a store of n records and reports its size: {@code java ... BenchData 1000000}. */
    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        Path work = store(n, Path.of("target/pdns-bench/work-size"));
        long bytes = 0;
        try (Stream<Path> files = Files.list(work)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                bytes += Files.size(f);
            }
        }
        System.out.printf("%,d records: %,d bytes on disk, %.1f MB per million records%n", n, bytes, bytes / 1e6 / (n / 1e6));
        deleteTree(work);
    }
}
