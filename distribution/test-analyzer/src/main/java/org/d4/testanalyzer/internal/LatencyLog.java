// SPDX-License-Identifier: Apache-2.0
package org.d4.testanalyzer.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;

/**
 * The age of probe lines when they reach the analyzer, one number (microseconds) per line. Ages
 * are noted in memory and written out every 200 ms by a thread of their own, so a slow disk does
 * not delay the probes that follow.
 */
final class LatencyLog {
    private static final int MAX_PENDING = 1_000_000;

    private final Path file;
    private final List<Long> pending = new ArrayList<>();
    private final Thread writer;

    LatencyLog(BundleContext context) throws IOException {
        Path dir = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).data().resolve("test-analyzer");
        Files.createDirectories(dir);
        this.file = dir.resolve("latency.us");
        this.writer = new Thread(this::writeLoop, "test-analyzer-latency");
        writer.setDaemon(true);
        writer.start();
    }

    void record(String probeLine) {
        Instant now = Instant.now();
        long sent;
        try {
            sent = Long.parseLong(probeLine.substring("probe ".length()).trim());
        } catch (NumberFormatException e) {
            return;   // not one of ours
        }
        long age = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000 - sent;
        synchronized (pending) {
            if (pending.size() < MAX_PENDING) {
                pending.add(age);
            }
        }
    }

    void close() {
        writer.interrupt();
    }

    private void writeLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Long> batch;
            synchronized (pending) {
                batch = new ArrayList<>(pending);
                pending.clear();
            }
            if (batch.isEmpty()) {
                continue;
            }
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (long age : batch) {
                    out.write(Long.toString(age));
                    out.newLine();
                }
            } catch (IOException e) {
                return;
            }
        }
    }
}
