// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files this process holds open under a folder, from Linux's {@code /proc/self/fd}. */
final class OpenFiles {
    private OpenFiles() {}

    static List<Path> under(Path folder) throws IOException {
        Path root = folder.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(OpenFiles::target).filter(p -> p != null && p.startsWith(root)).sorted().toList();
        }
    }

    private static Path target(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException e) {
            return null;   // closed meanwhile, or the listing's own descriptor
        }
    }
}
