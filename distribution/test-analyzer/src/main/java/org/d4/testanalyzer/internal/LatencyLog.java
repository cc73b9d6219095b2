// SPDX-License-Identifier: Apache-2.0
package org.d4.testanalyzer.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;

/** The age of probe lines when they reach the analyzer, one number (microseconds) per line. */
final class LatencyLog {
    private final Path file;

    LatencyLog(BundleContext context) throws IOException {
        Path dir = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).data().resolve("test-analyzer");
        Files.createDirectories(dir);
        this.file = dir.resolve("latency.us");
    }

    synchronized void record(String probeLine) throws IOException {
        Instant now = Instant.now();
        long sent;
        try {
            sent = Long.parseLong(probeLine.substring("probe ".length()).trim());
        } catch (NumberFormatException e) {
            return;   // not one of ours
        }
        long age = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000 - sent;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(Long.toString(age));
            out.newLine();
        }
    }
}
