// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The files of a watched folder that were sent, kept across restarts in a state file of one line
 * per file: {@code size<TAB>modified (ms)<TAB>path relative to the folder}. A file changed since
 * (other size or time) counts as new. At start the list is cut to the files still there, so it
 * never outgrows the folder.
 */
final class SentFiles implements AutoCloseable {
    private final Path folder;
    private final Set<String> keys = new HashSet<>();
    private final FileChannel log;

    private SentFiles(Path folder, FileChannel log) {
        this.folder = folder;
        this.log = log;
    }

    static SentFiles open(Path folder, Path state) throws IOException {
        Set<String> kept = new HashSet<>();
        StringBuilder compacted = new StringBuilder();
        if (Files.exists(state)) {
            try (BufferedReader lines = Files.newBufferedReader(state, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String[] f = line.split("\t", 3);
                    if (f.length == 3 && stillThere(folder.resolve(f[2]), f[0], f[1]) && kept.add(line)) {
                        compacted.append(line).append('\n');
                    }
                }
            }
        }
        Path fresh = state.resolveSibling(state.getFileName() + ".new");
        Files.writeString(fresh, compacted, StandardCharsets.UTF_8);
        Files.move(fresh, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SentFiles sent = new SentFiles(folder, FileChannel.open(state, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        sent.keys.addAll(kept);
        return sent;
    }

    private static boolean stillThere(Path file, String size, String modified) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && Long.toString(a.size()).equals(size) && Long.toString(a.lastModifiedTime().toMillis()).equals(modified);
        } catch (IOException gone) {
            return false;
        }
    }

    boolean contains(Path file, long size, long modified) {
        return keys.contains(key(file, size, modified));
    }

    /** Forced to disk before it returns: a restart right after does not send the file again. */
    void remember(Path file, long size, long modified) throws IOException {
        String key = key(file, size, modified);
        if (keys.add(key)) {
            ByteBuffer line = ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                log.write(line);
            }
            log.force(false);
        }
    }

    int size() {
        return keys.size();
    }

    private String key(Path file, long size, long modified) {
        return size + "\t" + modified + "\t" + folder.relativize(file);
    }

    @Override
    public void close() {
        try {
            log.close();
        } catch (IOException ignored) {
            // what was written was forced already
        }
    }
}
