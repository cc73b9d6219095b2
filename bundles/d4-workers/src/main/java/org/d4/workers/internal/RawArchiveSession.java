// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;

/** One connection's payloads appended to a file per UTC day. */
final class RawArchiveSession implements PayloadSession {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path archive;
    private final SessionInfo info;
    private final Consumer<RawArchiveSession> onClose;
    private FileChannel file;
    private Path path;
    private LocalDate day;
    private boolean dirty;

    RawArchiveSession(Path archive, SessionInfo info, Consumer<RawArchiveSession> onClose) {
        this.archive = archive;
        this.info = info;
        this.onClose = onClose;
    }

    @Override
    public synchronized void accept(ByteBuffer payload, long timestamp) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        if (file == null || !now.toLocalDate().equals(day)) {
            openFor(now);
        }
        while (payload.hasRemaining()) {
            file.write(payload);
        }
        dirty = true;
    }

    private void openFor(ZonedDateTime now) throws IOException {
        closeFile();
        day = now.toLocalDate();
        String type = info.extendedType().orElse(Integer.toString(info.type()));
        Path dir = archive.resolve(info.sensor().toString()).resolve(type)
                .resolve(String.format("%04d/%02d/%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
        Files.createDirectories(dir);
        path = dir.resolve(info.sensor() + "-" + STAMP.format(now) + "-" + Integer.toHexString(info.id().hashCode()) + ".raw");
        file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Forces written data to disk without holding up writers: fsync of a second's data can take a while. */
    void flush() throws IOException {
        FileChannel channel;
        synchronized (this) {
            if (file == null || !dirty) {
                return;
            }
            channel = file;
            dirty = false;
        }
        try {
            channel.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // closed (and forced) by the session meanwhile
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            closeFile();
        } finally {
            onClose.accept(this);
        }
    }

    private void closeFile() throws IOException {
        if (file != null) {
            file.force(false);
            file.close();
            file = null;
            dirty = false;
        }
    }

    @Override
    public String toString() {
        return path == null ? info.id() : path.toString();
    }
}
