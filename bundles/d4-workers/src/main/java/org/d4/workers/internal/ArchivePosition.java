// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.queue.QueueService;

/**
 * How far a session's archive has reached the analyzer queues, recorded in the queue store with
 * the units themselves ({@code QueueRoute.push(units, key, position)}), so that the next start
 * after a crash queues exactly what lies beyond it.
 *
 * <ul>
 * <li>{@link Kind#LINES}: every line before byte {@code offset} of the first of {@code files} was
 *     queued (or refused by the filter); the following files of the series come after it. With
 *     {@code dropping}, the bytes from there up to the next newline are the tail of a cut line
 *     whose head was queued.</li>
 * <li>{@link Kind#FILES}: {@code files} were opened and their paths are not queued yet.</li>
 * </ul>
 *
 * Files are named relative to the archive folder, with {@code /}.
 *
 * @param filter the name of the line filter ({@link #ANY_LINE} or {@link #JSON_OBJECT_LINE}); empty for files
 */
record ArchivePosition(Kind kind, UUID sensor, int type, Optional<String> extendedType, String filter, boolean dropping, long offset,
        List<String> files) {
    static final String KEY_PREFIX = "archive/";
    static final String ANY_LINE = "any";
    static final String JSON_OBJECT_LINE = "json-object";
    /** Files a position names at most: far more than a line ever spans, still well inside a position's size limit. */
    static final int MAX_FILES = 255;
    private static final int FORMAT = 1;
    private static final int MAX_NAME = 400;

    enum Kind { LINES, FILES }

    ArchivePosition {
        files = List.copyOf(files);
        if (files.size() > MAX_FILES || offset < 0 || type < 0 || type > 255) {
            throw new IllegalArgumentException("position out of range: " + files.size() + " files, offset " + offset + ", type " + type);
        }
        for (String file : files) {
            checkName(file);
        }
    }

    ArchivePosition with(boolean dropping, long offset, List<String> files) {
        return new ArchivePosition(kind, sensor, type, extendedType, filter, dropping, offset, files);
    }

    /** Whether the position names that one file. */
    boolean isOnly(String file) {
        return files.size() == 1 && files.get(0).equals(file);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind.ordinal());
            out.writeLong(sensor.getMostSignificantBits());
            out.writeLong(sensor.getLeastSignificantBits());
            out.writeByte(type);
            out.writeUTF(extendedType.orElse(""));
            out.writeUTF(filter);
            out.writeBoolean(dropping);
            out.writeLong(offset);
            out.writeByte(files.size());
            for (String file : files) {
                out.writeUTF(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // into memory: cannot happen
        }
        return bytes.toByteArray();
    }

    /** Reads a recorded position; anything malformed is an {@link IllegalArgumentException}. */
    static ArchivePosition decode(byte[] bytes) {
        if (bytes == null || bytes.length > QueueService.MAX_POSITION_BYTES) {
            throw new IllegalArgumentException("no position, or too large");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("unknown position format " + format);
            }
            int kind = in.readUnsignedByte();
            if (kind >= Kind.values().length) {
                throw new IllegalArgumentException("unknown position kind " + kind);
            }
            UUID sensor = new UUID(in.readLong(), in.readLong());
            int type = in.readUnsignedByte();
            String extended = in.readUTF();
            String filter = in.readUTF();
            boolean dropping = in.readBoolean();
            long offset = in.readLong();
            int count = in.readUnsignedByte();
            List<String> files = new ArrayList<>(Math.min(count, MAX_FILES));
            for (int i = 0; i < count; i++) {
                files.add(in.readUTF());
            }
            if (in.read() >= 0) {
                throw new IllegalArgumentException("trailing bytes after the position");
            }
            return new ArchivePosition(Kind.values()[kind], sensor, type, extended.isEmpty() ? Optional.empty() : Optional.of(extended),
                    filter, dropping, offset, files);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated position");
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable position: " + e.getMessage());
        }
    }

    /** A file of the archive by its name in a position; never outside the archive. */
    static Path resolve(Path root, String name) {
        checkName(name);
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("not a file of the archive: " + name);
        }
        return file;
    }

    /** The name of an archive file in a position. */
    static String nameOf(Path root, Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace(File.separatorChar, '/');
    }

    /** Whether a {@code ..} segment is among those between the slashes (no split: this runs for every payload). */
    private static boolean hasParentStep(String name) {
        for (int start = 0; start <= name.length(); ) {
            int end = name.indexOf('/', start);
            if (end < 0) {
                end = name.length();
            }
            if (end - start == 2 && name.startsWith("..", start)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME || name.startsWith("/") || name.indexOf('\0') >= 0 || hasParentStep(name)) {
            throw new IllegalArgumentException("bad archive file name in a position: " + name);
        }
    }
}
