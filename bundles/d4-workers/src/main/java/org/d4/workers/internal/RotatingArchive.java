// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A session's archive as a series of files, each started with the same prefix (the pcap global
 * header) and finished once it is {@code rotation} old: closed, gzip-compressed and, when a route
 * listener says so, its path queued. Files are opened lazily, so a quiet sensor leaves no empty files; a
 * file that got nothing beyond its prefix is deleted instead of finished. The open file holds a
 * descriptor only while it is busy ({@link ArchiveFile}).
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
    private final ArchiveFile.Shared files;
    private byte[] prefix = new byte[0];
    private volatile ArchiveFile file;   // the open file of the series, or null; read by the flusher's force
    private Instant openedAt;
    private long dataBytes;

    RotatingArchive(ArchiveLayout layout, UUID sensor, String typeFolder, String extension, Clock clock, Duration rotation,
            ArchiveCompressor.Lane lane, SeriesListener listener, ArchiveFile.Shared files) {
        this.layout = layout;
        this.sensor = sensor;
        this.typeFolder = typeFolder;
        this.extension = extension;
        this.clock = clock;
        this.rotation = rotation;
        this.lane = lane;
        this.listener = listener;
        this.files = files;
    }

    /** Bytes every file of the series starts with, from the next file on. */
    void prefix(byte[] bytes) {
        this.prefix = bytes.clone();
    }

    @Override
    public Path openNow() throws IOException {
        if (file == null) {
            Instant now = clock.instant();
            Path path = layout.create(sensor, typeFolder, now, extension);
            ArchiveFile opened = files.file(path);
            try {
                listener.opened(path);
                opened.write(ByteBuffer.wrap(prefix));
            } catch (IOException | RuntimeException e) {
                opened.close();
                Files.deleteIfExists(path);
                throw e instanceof IOException io ? io : new IOException("cannot open " + path + ": " + e.getMessage(), e);
            }
            file = opened;
            openedAt = now;
            dataBytes = 0;
        }
        return file.path();
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        if (bytes.hasRemaining()) {
            openNow();
            dataBytes += file.write(bytes);
        }
    }

    @Override
    public void write(ByteBuffer[] bytes) throws IOException {
        for (ByteBuffer b : bytes) {
            if (b.hasRemaining()) {
                openNow();
                dataBytes += file.write(bytes);
                return;
            }
        }
    }

    @Override
    public boolean rotationDue() {
        return !clock.instant().isBefore(openedAt.plus(rotation));
    }

    @Override
    public ArchiveFile openFile() {
        return file;
    }

    @Override
    public void finish() throws IOException {
        if (file == null) {
            return;
        }
        ArchiveFile closing = file;
        long bytes = dataBytes;
        file = null;
        // it may wait in the compression backlog for a while: on disk now, as the flush interval promises
        closing.close();
        if (bytes == 0) {
            Files.deleteIfExists(closing.path());
            listener.discarded(closing.path());
        } else {
            lane.finish(closing.path(), listener);
        }
    }
}
