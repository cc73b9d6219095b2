// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.d4.api.ingest.SessionInfo;

/** A session's payloads byte for byte, one uncompressed {@code .raw} file per UTC day, open only while busy ({@link ArchiveFile}). */
final class DailyRawFile implements ArchiveOutput {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ArchiveLayout layout;
    private final SessionInfo info;
    private final Clock clock;
    private final ArchiveFile.Shared files;
    private volatile ArchiveFile file;   // today's, or null; read by the flusher's force
    private LocalDate day;

    DailyRawFile(ArchiveLayout layout, SessionInfo info, Clock clock, ArchiveFile.Shared files) {
        this.layout = layout;
        this.info = info;
        this.clock = clock;
        this.files = files;
    }

    @Override
    public Path openNow() throws IOException {
        if (file == null) {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
            Path dir = layout.folder(info.sensor(), ArchiveLayout.typeFolder(info.type(), info.extendedType()), now);
            Files.createDirectories(dir);
            Path path = dir.resolve(info.sensor() + "-" + STAMP.format(now) + "-" + Integer.toHexString(info.id().hashCode()) + ".raw");
            if (!Files.exists(path)) {
                Files.createFile(path);
            }
            file = files.file(path);
            day = now.toLocalDate();
        }
        return file.path();
    }

    @Override
    public void write(ByteBuffer bytes) throws IOException {
        openNow();
        file.write(bytes);
    }

    @Override
    public boolean rotationDue() {
        return !LocalDate.now(clock.withZone(ZoneOffset.UTC)).equals(day);
    }

    @Override
    public ArchiveFile openFile() {
        return file;
    }

    @Override
    public void finish() throws IOException {
        ArchiveFile closing = file;
        file = null;
        if (closing != null) {
            closing.close();
        }
    }
}
