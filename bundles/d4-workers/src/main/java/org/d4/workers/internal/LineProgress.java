// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueService;

/**
 * Cuts a session's archived bytes into lines and queues each payload's lines together with the
 * archive position they reach (see {@link ArchivePosition}), in one change of the queue store. A
 * session feeds it as payloads are archived; the recovery feeds it the archive's tail after a crash.
 * Not thread-safe: used under the session's lock, or by the recovery alone.
 */
final class LineProgress implements SeriesListener {
    private final QueueService queues;
    private final QueueRoute route;
    private final String key;
    private final Path root;
    private final LineFilter filter;
    private final LineAssembler lines;
    private final List<byte[]> batch = new ArrayList<>();
    private ArchivePosition position;
    private String current;
    private long currentSize;
    private long refused;
    private long queuedLines;
    private byte[] firstRefused;
    private boolean moved;          // the position changed since it was last pushed

    LineProgress(QueueService queues, QueueRoute route, String key, Path root, ArchivePosition start, int maxLineBytes,
            LineFilter filter) {
        this.queues = queues;
        this.route = route;
        this.key = key;
        this.root = root;
        this.filter = filter;
        this.position = start;
        this.lines = new LineAssembler(maxLineBytes, this::line);
        if (start.dropping()) {
            lines.startDropping();
        }
    }

    LineAssembler lines() {
        return lines;
    }

    ArchivePosition position() {
        return position;
    }

    /** The session opened the next file of its series: recorded durably before any byte reaches it. */
    @Override
    public void opened(Path file) {
        String name = ArchivePosition.nameOf(root, file);
        List<String> files = position.files();
        if (files.isEmpty() || files.size() == 1 && files.get(0).equals(current) && position.offset() == currentSize) {
            position = position.with(position.dropping(), 0, List.of(name));   // all of the last file is queued
        } else if (files.size() < ArchivePosition.MAX_FILES) {
            List<String> longer = new ArrayList<>(files);
            longer.add(name);
            position = position.with(position.dropping(), position.offset(), longer);
        } else {
            // a line held over more than MAX_FILES rotations: its head is given up, the rest is dropped up to its newline
            position = position.with(true, 0, List.of(name));
        }
        current = name;
        currentSize = 0;
        queues.savePosition(key, position.encode());
    }

    /** The recovery reads on in {@code file} of the position from byte {@code from}. */
    void resume(Path file, long from) {
        current = ArchivePosition.nameOf(root, file);
        currentSize = from;
    }

    /**
     * These bytes were just appended to the current file: their complete lines are queued with the
     * position after the last newline (or, inside a cut line's dropped tail, after these bytes).
     *
     * @param wanted false when no queue takes the lines: they are not cut out, only the position moves
     */
    void received(ByteBuffer bytes, boolean wanted) {
        advance(bytes, wanted);
        pushIfMoved();
    }

    /** As {@link #received}, but the lines and the position wait for {@link #pushIfMoved}: payloads that arrived together. */
    void advance(ByteBuffer bytes, boolean wanted) {
        long before = currentSize;
        currentSize += bytes.remaining();
        int lastNewline = LineAssembler.lastIndexOfNewline(bytes);
        if (wanted) {
            lines.feed(bytes);
        } else {
            lines.skip(bytes);
        }
        if (lines.dropping()) {
            reach(true, currentSize);
        } else if (lastNewline >= 0) {
            reach(false, before + lastNewline + 1);
        }
    }

    /** Queues the lines cut so far with the position they reach, if there are any or the position moved. */
    void pushIfMoved() {
        if (!batch.isEmpty() || moved) {
            moved = false;
            push(position.encode());
        }
    }

    private void reach(boolean dropping, long offset) {
        if (position.dropping() != dropping || position.offset() != offset || !position.isOnly(current)) {
            position = position.with(dropping, offset, List.of(current));
            moved = true;
        }
    }

    /** The data ended: an incomplete last line is queued, and the position is forgotten with it. */
    void finish() {
        lines.finish();
        push(null);
    }

    /** Lines handed to the queues so far. */
    long queuedLines() {
        return queuedLines;
    }

    /** Complete lines the filter refused: kept in the archive only. */
    long refusedLines() {
        return refused;
    }

    /** The start of the first refused line, or null. */
    byte[] firstRefused() {
        return firstRefused;
    }

    private void line(byte[] line) {
        if (filter.accepts(line)) {
            batch.add(line);
        } else if (refused++ == 0) {
            firstRefused = Arrays.copyOf(line, Math.min(line.length, 1024));   // enough for the log's sample
        }
    }

    private void push(byte[] encoded) {
        try {
            route.push(batch, key, encoded);
            queuedLines += batch.size();
        } finally {
            batch.clear();
        }
    }
}
