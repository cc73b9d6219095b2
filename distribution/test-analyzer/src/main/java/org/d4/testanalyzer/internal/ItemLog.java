// SPDX-License-Identifier: Apache-2.0
package org.d4.testanalyzer.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.d4.api.queue.QueueItem;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;

/** Appends each item as one line {@code <sequence> <sensor> <text>} to {@code data/test-analyzer/<name>.items}. */
final class ItemLog {
    private final Path file;

    ItemLog(BundleContext context, String name) throws IOException {
        Path dir = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).data().resolve("test-analyzer");
        Files.createDirectories(dir);
        this.file = dir.resolve(name + ".items");
    }

    synchronized void append(QueueItem item) throws IOException {
        String line = item.sequence() + " " + item.sensor() + " " + item.text().replace('\n', ' ') + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
