// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a crash: the archive positions left in the queue store (sessions that did not end) say
 * what of the archive the queues lack. The lines beyond a line session's position are read from
 * its files (as left, or already compressed) and queued; the files a pcap session listed are
 * queued when compressed, or handed to {@link ArchiveRecovery} when still being written. Each
 * push moves the position with it, so a crash during the recovery repeats nothing either.
 */
final class PositionRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(PositionRecovery.class);
    private static final int CHUNK = 64 * 1024;

    private final ArchiveLayout layout;
    private final QueueService queues;
    private final int maxLineBytes;

    PositionRecovery(ArchiveLayout layout, QueueService queues, int maxLineBytes) {
        this.layout = layout;
        this.queues = queues;
        this.maxLineBytes = maxLineBytes;
    }

    /** Requeues the lines; returns the listed pcap files still uncompressed, with what queues their path once they are. */
    Map<Path, SeriesListener> run() {
        Map<Path, SeriesListener> uncompressed = new HashMap<>();
        long lines = 0;
        int positions = 0;
        for (Map.Entry<String, byte[]> entry : queues.positions(ArchivePosition.KEY_PREFIX).entrySet()) {
            String key = entry.getKey();
            ArchivePosition position;
            try {
                position = ArchivePosition.decode(entry.getValue());
            } catch (IllegalArgumentException e) {
                LOG.warn("Archive position {} is unreadable and dropped: {}", key, e.getMessage());
                queues.savePosition(key, null);
                continue;
            }
            positions++;
            QueueRoute route = queues.route(position.type(), position.extendedType(), position.sensor());
            try {
                if (position.kind() == ArchivePosition.Kind.LINES) {
                    lines += requeueLines(key, position, route);
                } else {
                    listFiles(key, position, route, uncompressed);
                }
            } catch (IOException | RuntimeException e) {
                // kept: the next start tries again
                LOG.error("Cannot recover the queue items of archive position {}: {}", key, e.toString());
            }
        }
        if (positions > 0) {
            LOG.info("Archive positions of {} unfinished sessions: {} lines queued again, {} capture files to queue",
                    positions, lines, uncompressed.size());
        }
        return uncompressed;
    }

    private long requeueLines(String key, ArchivePosition position, QueueRoute route) throws IOException {
        LineProgress progress = new LineProgress(queues, route, key, layout.root(), position, maxLineBytes,
                LineFilter.named(position.filter()));
        long from = position.offset();
        byte[] buffer = new byte[CHUNK];
        for (String name : position.files()) {
            Path file = ArchivePosition.resolve(layout.root(), name);
            try (InputStream in = open(file)) {
                if (in == null) {
                    LOG.warn("{} of archive position {} is gone; its lines are not queued again", file, key);
                    continue;
                }
                in.skipNBytes(from);
                progress.resume(file, from);
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    progress.received(ByteBuffer.wrap(buffer, 0, n), route.wanted());
                }
            } catch (EOFException shorter) {
                // a power loss took what was not forced yet; the queues got those lines before it
                LOG.warn("{} ends before byte {}, where the queues stand: its last lines were not forced to disk", file, from);
            }
            from = 0;
        }
        progress.finish();
        return progress.queuedLines();
    }

    private void listFiles(String key, ArchivePosition position, QueueRoute route, Map<Path, SeriesListener> uncompressed) {
        FileProgress progress = new FileProgress(queues, route, key, layout.root(), position);
        if (position.files().isEmpty()) {
            queues.savePosition(key, null);
        }
        for (String name : position.files()) {
            Path file = ArchivePosition.resolve(layout.root(), name);
            Path gzip = ArchiveLayout.gzipped(file);
            if (Files.exists(file)) {
                uncompressed.put(file, progress);
            } else if (Files.exists(gzip)) {
                progress.compressed(file, gzip);
            } else {
                progress.discarded(file);
            }
        }
    }

    /** The file as it was written, or its compressed copy; null when neither is there. */
    private static InputStream open(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.newInputStream(file);
        }
        Path gzip = ArchiveLayout.gzipped(file);
        return Files.exists(gzip) ? new GZIPInputStream(Files.newInputStream(gzip), CHUNK) : null;
    }
}
