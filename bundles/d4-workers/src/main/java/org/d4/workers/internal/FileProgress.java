// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues the path of each finished file of a session (pcap) together with the list of its files
 * still waiting for compression, in one change of the queue store: a file is listed durably when it
 * is opened and leaves the list with its path's push, so after a crash the recovery queues exactly
 * the listed files. Thread-safe: files open on the session's thread and are queued on a compression thread.
 */
final class FileProgress implements SeriesListener {
    private static final Logger LOG = LoggerFactory.getLogger(FileProgress.class);
    private final QueueService queues;
    private final QueueRoute route;
    private final String key;
    private final Path root;
    private ArchivePosition position;    // guarded by this

    FileProgress(QueueService queues, QueueRoute route, String key, Path root, ArchivePosition start) {
        this.queues = queues;
        this.route = route;
        this.key = key;
        this.root = root;
        this.position = start;
    }

    synchronized List<String> pending() {
        return position.files();
    }

    @Override
    public synchronized void opened(Path file) {
        List<String> files = new ArrayList<>(position.files());
        if (files.size() >= ArchivePosition.MAX_FILES) {
            // a compression backlog this long is not listed: after a crash such a file is queued if still uncompressed
            LOG.warn("{} files of one session wait for compression; {} is not listed for crash recovery", files.size(), file);
            return;
        }
        files.add(ArchivePosition.nameOf(root, file));
        position = position.with(false, 0, files);
        queues.savePosition(key, position.encode());
    }

    @Override
    public synchronized void compressed(Path file, Path gzip) {
        push(file, List.of(gzip.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized void discarded(Path file) {
        push(file, List.of());
    }

    private void push(Path file, List<byte[]> units) {
        List<String> files = new ArrayList<>(position.files());
        files.remove(ArchivePosition.nameOf(root, file));
        position = position.with(false, 0, files);
        route.push(units, key, files.isEmpty() ? null : position.encode());
    }
}
