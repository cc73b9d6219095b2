// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.Deflater;
import org.d4.common.ApplianceDirs;

/**
 * The configuration as the workers use it, with out-of-range values clamped (metatype limits are
 * advice to the console, not enforced on {@code etc/*.cfg} files).
 *
 * @param archive            the archive's root folder, absolute
 * @param flushInterval      how often open files are forced to disk
 * @param rotation           the age at which an archive file is finished
 * @param maxLineBytes       the longest line handed on
 * @param compressionThreads threads that gzip finished files
 * @param compressionLevel   their gzip level, 1 (fastest) to 9 (smallest)
 * @param directWrites       large archive writes go past the page cache ({@link DirectWrites})
 */
record WorkerSettings(Path archive, Duration flushInterval, Duration rotation, int maxLineBytes, int compressionThreads,
        int compressionLevel, boolean directWrites) {
    /** Each session may hold one line: this keeps a typo in the configuration from costing gigabytes. */
    static final int MAX_LINE_LIMIT = 16 << 20;

    WorkerSettings {
        archive = archive.toAbsolutePath().normalize();
        flushInterval = max(flushInterval, Duration.ofMillis(10));
        rotation = max(rotation, Duration.ofSeconds(1));
        maxLineBytes = Math.min(MAX_LINE_LIMIT, Math.max(64, maxLineBytes));
        compressionThreads = Math.min(64, Math.max(1, compressionThreads));
        compressionLevel = Math.min(Deflater.BEST_COMPRESSION, Math.max(Deflater.BEST_SPEED, compressionLevel));
    }

    static WorkerSettings from(WorkersConfig config, ApplianceDirs dirs) {
        return new WorkerSettings(dirs.resolve(config.archive_dir()), Duration.ofMillis(config.flush_interval_ms()),
                Duration.ofSeconds(config.rotation_s()), config.max_line_bytes(), config.compression_threads(),
                config.compression_level(), config.archive_direct_writes());
    }

    private static Duration max(Duration value, Duration least) {
        return value.compareTo(least) < 0 ? least : value;
    }
}
