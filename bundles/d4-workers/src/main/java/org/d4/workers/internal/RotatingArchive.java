// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session's archive as a series of files, each started with the same prefix (the pcap global
 * header) and finished once it is {@code rotation} old: closed, gzip-compressed and, when a route
 * listener says so, its path queued. Files are opened lazily, so a quiet sensor leaves no empty files; a
 * file that got nothing beyond its prefix is deleted instead of finished. A file that got nothing
 * for a flush interval rests: forced and closed, opened again by its next write, so ten thousand
 * quiet sensors do not hold ten thousand open files.
 */
final class RotatingArchive implements ArchiveOutput {
    private final ArchiveLayout layout;
    private final UUID sensor;
    private final String typeFolder;
    private final String extension;
    private final Clock clock;
    private final Duration rotation;
    private final ArchiveCompressor.Lane lane;
    private final SeriesListener listener;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private byte[] prefix = new byte[0];
    private FileChannel channel;     // null while the file rests (see restIfQuiet) or none is open
    private volatile FileChannel forceable;
    private Path current;
    private Instant openedAt;
    private long dataBytes;
    private boolean written;         // since the last restIfQuiet

    RotatingArchive(ArchiveLayout layout, UUID sensor, String typeFolder, String extension, Clock clock, Duration rotation,
            ArchiveCompressor.Lane lane, SeriesListener listener) {
        this.layout = layout;
        this.sensor = sensor;
        this.typeFolder = typeFolder;
        this.extension = extension;
        this.clock = clock;
        this.rotation = rotation;
        this.lane = lane;
        this.listener = listener;
    }

    /** Bytes every file of the series starts with, from the next file on. */
    void prefix(byte[] bytes) {
        this.prefix = bytes.clone();
    }

    @Override
    public Path openNow() throws IOException {
        if (current == null) {
            Instant now = clock.instant();
            Path file = layout.create(sensor, typeFolder, now, extension);
            FileChannel opened = null;
            try {
                listener.opened(file);
                opened = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                writeFully(opened, ByteBuffer.wrap(prefix));
            } catch (IOException | RuntimeException e) {
                if (opened != null) {
                    opened.close();
                }
                Files.deleteIfExists(file);
                throw e instanceof IOException io ? io : new IOException("cannot open " + file + ": " + e.getMessage(), e);
            }
            channel = opened;
            forceable = opened;
            current = file;
            openedAt = now;
            dataBytes = 0;
            dirty.set(true);
        }
        return current;
    }

    /** The open file's channel, opened again after a rest. */
    private FileChannel channel() throws IOException {
        openNow();
        if (channel == null) {
            channel = FileChannel.open(current, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            forceable = channel;
        }
        written = true;
        return channel;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (!bytes.hasRemaining()) {
            return;
        }
        dataBytes += writeFully(channel(), bytes);
        dirty.set(true);
    }

    @Override
    public void write(ByteBuffer[] bytes) throws IOException {
        long total = 0;
        for (ByteBuffer b : bytes) {
            total += b.remaining();
        }
        if (total == 0) {
            return;
        }
        FileChannel target = channel();
        for (long done = 0; done < total; ) {
            done += target.write(bytes);
        }
        dataBytes += total;
        dirty.set(true);
    }

    @Override
    public void rotateIfDue() throws IOException {
        if (current != null && !clock.instant().isBefore(openedAt.plus(rotation))) {
            finish();
        }
    }

    @Override
    public void restIfQuiet() throws IOException {
        if (channel != null && !written) {
            FileChannel resting = channel;
            channel = null;
            forceable = null;
            try {
                resting.force(false);
            } finally {
                resting.close();
            }
        }
        written = false;
    }

    @Override
    public void force() throws IOException {
        ArchiveOutput.forceIfDirty(forceable, dirty);
    }

    @Override
    public void finish() throws IOException {
        if (current == null) {
            return;
        }
        FileChannel closing = channel;
        Path file = current;
        long bytes = dataBytes;
        forceable = null;
        channel = null;
        current = null;
        if (closing != null) {   // a resting file was forced when it was closed
            try {
                // it may wait in the compression backlog for a while: on disk now, as the flush interval promises
                closing.force(false);
            } finally {
                closing.close();
            }
        }
        if (bytes == 0) {
            Files.deleteIfExists(file);
            listener.discarded(file);
        } else {
            lane.finish(file, listener);
        }
    }

    private static int writeFully(FileChannel target, ByteBuffer bytes) throws IOException {
        int total = 0;
        while (bytes.hasRemaining()) {
            total += target.write(bytes);
        }
        return total;
    }
}
