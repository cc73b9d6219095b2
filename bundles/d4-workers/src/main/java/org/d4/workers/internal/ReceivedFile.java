// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * One file a sensor is sending, written to a temporary file in its folder while its SHA-256 is
 * computed, then named {@code <sha256>.<extension>} (plus {@code .gz} when compressed). A file
 * already there under that name is the same content: it is kept and the copy deleted.
 */
final class ReceivedFile {
    static final String PARTIAL_SUFFIX = ".part";

    private final Path folder;
    private final String extension;
    private final boolean compress;
    private final long maxBytes;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream out;
    private final MessageDigest sha256;
    private long size;

    ReceivedFile(Path folder, String extension, boolean compress, long maxBytes) throws IOException {
        this.folder = folder;
        this.extension = extension;
        this.compress = compress;
        this.maxBytes = maxBytes;
        Files.createDirectories(folder);
        this.temporary = folder.resolve(UUID.randomUUID() + PARTIAL_SUFFIX);
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream file = Channels.newOutputStream(channel);
        this.out = compress ? new GZIPOutputStream(file, 64 * 1024) : file;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Appends; false, with nothing written, when the file would pass its limit. */
    boolean write(byte[] bytes, int offset, int length) throws IOException {
        if (size + length > maxBytes) {
            return false;
        }
        sha256.update(bytes, offset, length);
        out.write(bytes, offset, length);
        size += length;
        return true;
    }

    long size() {
        return size;
    }

    /** Forces the file to disk and names it after its content; the final path. */
    Path finish() throws IOException {
        out.flush();
        if (compress) {
            ((GZIPOutputStream) out).finish();
        }
        channel.force(true);
        out.close();
        String name = HexFormat.of().formatHex(sha256.digest()) + (extension.isEmpty() ? "" : "." + extension) + (compress ? ".gz" : "");
        Path target = folder.resolve(name);
        if (Files.exists(target)) {
            Files.delete(temporary);    // the same content, saved before: kept once
        } else {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    /** Drops the file: cut short, too large or not decodable. */
    void discard() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file goes anyway
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // a leftover .part is removed at the next start
        }
    }
}
