// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The boot bundles of an image, in {@code etc/startup.properties}: one {@code bundle/<file>.jar = <start level>}
 * per line, in install order. Written by the image build from the feature descriptors.
 */
final class StartupList {
    record Entry(Path jar, int startLevel) {}

    private StartupList() {
    }

    static List<Entry> load(Path file, Path home) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new IOException(file + ":" + number + ": expected 'bundle/<file>.jar = <start level>'");
                }
                Path jar = home.resolve(trimmed.substring(0, eq).strip()).normalize();
                int level;
                try {
                    level = Integer.parseInt(trimmed.substring(eq + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + number + ": start level is not a number", e);
                }
                if (level < 1) {
                    throw new IOException(file + ":" + number + ": start level must be at least 1");
                }
                if (!Files.isRegularFile(jar)) {
                    throw new IOException(file + ":" + number + ": " + jar + " does not exist");
                }
                entries.add(new Entry(jar, level));
            }
        }
        return entries;
    }
}
