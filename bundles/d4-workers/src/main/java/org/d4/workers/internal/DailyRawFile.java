// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.d4.api.ingest.SessionInfo;

/** A session's payloads byte for byte, one uncompressed {@code .raw} file per UTC day; a quiet file rests closed. */
final class DailyRawFile implements ArchiveOutput {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ArchiveLayout layout;
    private final SessionInfo info;
    private final Clock clock;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private FileChannel file;        // null while the file rests or none is open
    private volatile FileChannel forceable;
    private Path path;
    private LocalDate day;
    private boolean written;         // since the last restIfQuiet

    DailyRawFile(ArchiveLayout layout, SessionInfo info, Clock clock) {
        this.layout = layout;
        this.info = info;
        this.clock = clock;
    }

    @Override
    public Path openNow() throws IOException {
        if (path == null) {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
            Path dir = layout.folder(info.sensor(), ArchiveLayout.typeFolder(info.type(), info.extendedType()), now);
            Files.createDirectories(dir);
            path = dir.resolve(info.sensor() + "-" + STAMP.format(now) + "-" + Integer.toHexString(info.id().hashCode()) + ".raw");
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            forceable = file;
            day = now.toLocalDate();
        }
        return path;
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        openNow();
        if (file == null) {   // resting: opened again
            file = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            forceable = file;
        }
        while (bytes.hasRemaining()) {
            file.write(bytes);
        }
        written = true;
        dirty.set(true);
    }

    @Override
    public void rotateIfDue() throws IOException {
        if (path != null && !LocalDate.now(clock.withZone(ZoneOffset.UTC)).equals(day)) {
            finish();
        }
    }

    @Override
    public void restIfQuiet() throws IOException {
        if (file != null && !written) {
            closeForced();
        }
        written = false;
    }

    @Override
    public void force() throws IOException {
        ArchiveOutput.forceIfDirty(forceable, dirty);
    }

    @Override
    public void finish() throws IOException {
        path = null;
        if (file != null) {
            closeForced();
        }
    }

    private void closeForced() throws IOException {
        FileChannel closing = file;
        file = null;
        forceable = null;
        try {
            closing.force(false);
        } finally {
            closing.close();
        }
    }
}
