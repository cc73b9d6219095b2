// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where archive files live: {@code <root>/<uuid>/<type>/YYYY/MM/DD/<uuid>-YYYY-MM-DD-HHMMSS.<ext>}
 * (UTC), finished as {@code <name>.gz}. Temporary files end in {@value #TEMP_SUFFIX}.
 */
final class ArchiveLayout {
    static final String TEMP_SUFFIX = ".tmp";
    static final String GZIP_SUFFIX = ".gz";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss");
    private static final DateTimeFormatter DAY_FOLDERS = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");
    private static final int MAX_SUFFIX = 10_000;

    private final Path root;

    ArchiveLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The folder name of a type: {@code 1}, or the extended type of a type-254 session, made safe as a path element. */
    static String typeFolder(int type, Optional<String> extendedType) {
        if (extendedType.isEmpty()) {
            return Integer.toString(type);
        }
        String name = extendedType.get();
        // the server checks extended types against its accepted list; this keeps a path element whatever it lets through
        return SAFE_NAME.matcher(name).matches() ? name : "_" + name.replaceAll("[^A-Za-z0-9._:-]", "_");
    }

    Path folder(UUID sensor, String typeFolder, ZonedDateTime at) {
        return root.resolve(sensor.toString()).resolve(typeFolder).resolve(dayFolders(at));
    }

    /** {@code YYYY/MM/DD} of a time, as a relative path. */
    static String dayFolders(ZonedDateTime at) {
        return DAY_FOLDERS.format(at);
    }

    /**
     * Creates a new, empty file named after its sensor and the time. A name whose file, or its
     * compressed form, exists already gets a suffix ({@code -1}, {@code -2}, ...): nothing is ever
     * overwritten, also when several sessions of one sensor start within the same second.
     *
     * <p>The file is created first and the {@code .gz} looked for after: a compression renames its
     * {@code .gz} into place before it deletes its source, so one of the two is always seen.
     */
    synchronized Path create(UUID sensor, String typeFolder, Instant at, String extension) throws IOException {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        Path folder = folder(sensor, typeFolder, utc);
        Files.createDirectories(folder);
        String base = sensor + "-" + STAMP.format(utc);
        for (int n = 0; n < MAX_SUFFIX; n++) {
            Path file = folder.resolve((n == 0 ? base : base + "-" + n) + "." + extension);
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            if (!Files.exists(gzipped(file))) {
                return file;
            }
            Files.delete(file);
        }
        throw new IOException("no free archive file name for " + folder.resolve(base));
    }

    static Path gzipped(Path file) {
        return file.resolveSibling(file.getFileName() + GZIP_SUFFIX);
    }

    static Path temporary(Path target) {
        return target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    }

    /** {@code <base>.<other>} beside {@code <base>.<ext>}. */
    static Path sibling(Path file, String otherExtension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "." + otherExtension);
    }

    /** The sensor a file under the root belongs to: the first path element below the root. */
    Optional<UUID> sensorOf(Path file) {
        Path relative = root.relativize(file.toAbsolutePath().normalize());
        if (relative.getNameCount() < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(relative.getName(0).toString()));
        } catch (IllegalArgumentException notASensorFolder) {
            return Optional.empty();
        }
    }
}
