// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.d4.workers.internal.Captures.capture;
import static org.d4.workers.internal.WorkerFixture.feed;
import static org.d4.workers.internal.WorkerFixture.gunzip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.d4.api.ingest.PayloadSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the pcap worker produces, read by the real tools analyzers use; on CI the tools must be there. */
class PcapToolsTest {
    private record Produced(Path pcap, int records) {}

    @TempDir
    static Path dir;
    static final List<Produced> produced = new ArrayList<>();

    /** Rotated files of each byte order and precision, uncompressed for the tools. */
    @BeforeAll
    static void produce() throws IOException {
        try (WorkerFixture workers = WorkerFixture.started(dir.resolve("workers"), Duration.ofSeconds(10))) {
            PcapHandler handler = new PcapHandler(workers.context, workers.queues);
            java.util.UUID queue = workers.queue(1);
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                for (boolean nanos : List.of(false, true)) {
                    byte[] stream = capture(order, nanos, 9);
                    PayloadSession session = handler.open(workers.session(1));
                    for (int at = 0; at < stream.length; at += 50) {
                        feed(session, Arrays.copyOfRange(stream, at, Math.min(stream.length, at + 50)));
                        workers.clock.advance(Duration.ofSeconds(3));
                    }
                    session.close();
                }
            }
            workers.drain();
            for (String path : workers.texts(queue)) {
                byte[] pcap = gunzip(Path.of(path));
                Path plain = dir.resolve("file-" + produced.size() + ".pcap");
                Files.write(plain, pcap);
                produced.add(new Produced(plain, Captures.wholeRecords(pcap, orderOf(pcap)).size()));
            }
        }
        assertTrue(produced.size() >= 8, "several rotated files per stream: " + produced.size());
    }

    @Test
    void tcpdumpReadsEveryFile() throws Exception {
        Path tcpdump = tool("tcpdump");
        for (Produced p : produced) {
            assertEquals(p.records(), run(tcpdump.toString(), "-n", "-r", p.pcap().toString()).size(), p.pcap().toString());
        }
    }

    @Test
    void tsharkReadsEveryFile() throws Exception {
        Path tshark = tool("tshark");
        for (Produced p : produced) {
            assertEquals(p.records(), run(tshark.toString(), "-n", "-r", p.pcap().toString(), "-T", "fields", "-e", "frame.number").size(),
                    p.pcap().toString());
        }
    }

    private static ByteOrder orderOf(byte[] pcap) {
        return (pcap[0] & 0xff) == 0xa1 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static Path tool(String name) {
        Path path = Path.of("/usr/bin", name);
        if (!Files.isExecutable(path)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(path + " is missing; CI must install it");
            }
            assumeTrue(false, path + " is not installed");
        }
        return path;
    }

    /** Runs a tool; returns its non-empty output lines after asserting exit code 0. */
    private static List<String> run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command));
        return new String(out, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    }
}
