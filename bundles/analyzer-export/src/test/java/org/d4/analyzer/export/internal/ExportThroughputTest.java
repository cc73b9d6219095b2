// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.Test;

/** The sink's own cost: 100,000 log lines to a TCP receiver on the loopback, counted and in order; prints the rate. */
class ExportThroughputTest {
    static final int ITEMS = 100_000;

    @Test
    void aHundredThousandLinesOverTcp() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                try (Socket in = server.accept(); BufferedReader r = new BufferedReader(new InputStreamReader(in.getInputStream(), UTF_8))) {
                    int n = 0;
                    while (n < ITEMS) {
                        String line = r.readLine();
                        if (line == null) {
                            break;
                        }
                        assertEquals(line(n), line);
                        n++;
                    }
                    return n;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ExportAnalyzer e = ExportAnalyzerTest.exporter("address", "127.0.0.1:" + server.getLocalPort());
            UUID sensor = UUID.randomUUID();
            long start = System.nanoTime();
            for (int i = 0; i < ITEMS; i++) {
                e.analyze(new QueueItem(i, sensor, 1_700_000_000L, line(i).getBytes(UTF_8)));
            }
            assertEquals(ITEMS, received.get(60, TimeUnit.SECONDS));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "export sink throughput: %d lines over TCP in %.2f s, %.0f lines/s%n", ITEMS, seconds, ITEMS / seconds);
        }
    }

    static String line(int i) {
        return String.format(Locale.ROOT, "%08d 2026-12-05T05:19:21.766165473Z log line with text, caf\u00e9", i);
    }
}
