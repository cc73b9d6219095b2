// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Large archive writes that go straight to the disk ({@code O_DIRECT}), past the page cache. A busy
 * sensor fills the page cache with archive data nobody reads soon; the kernel then reclaims a page
 * for every page written, and on a virtual machine that costs several times the write itself
 * (measured: 1.6 against 0.1 CPU-seconds per GB). Only whole blocks go this way, from an aligned
 * buffer per worker thread; small writes and a file's last partial block still go through the page
 * cache, so a stopped process loses nothing the kernel was given. Where the file system refuses
 * {@code O_DIRECT} (tmpfs, some network file systems) files are written as before.
 */
final class DirectWrites {
    /** Writes smaller than this go through the page cache: a quiet sensor's frames are not worth a disk round trip each. */
    static final int MIN_BATCH = 64 * 1024;
    /** The largest write: bytes beyond it are written in more than one call. */
    static final int STAGING_BYTES = 1 << 20;
    private static final int LEAST_ALIGNMENT = 4096;

    private final boolean enabled;
    private final ThreadLocal<ByteBuffer> staging;

    DirectWrites(boolean enabled) {
        this.enabled = enabled;
        this.staging = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(STAGING_BYTES + LEAST_ALIGNMENT * 4));
    }

    static DirectWrites off() {
        return new DirectWrites(false);
    }

    boolean enabled() {
        return enabled;
    }

    /** This thread's staging buffer, aligned for {@code alignment} and {@link #STAGING_BYTES} long, cleared. */
    ByteBuffer staging(int alignment) {
        return staging.get().clear().alignedSlice(alignment).limit(STAGING_BYTES);
    }

    /** A channel that writes {@code path} past the page cache, with its alignment; null where the file system refuses. */
    static Opened open(Path path) {
        return open(path, StandardOpenOption.WRITE);
    }

    /** A channel that reads or writes ({@code mode}) {@code path} past the page cache; null where the file system refuses. */
    static Opened open(Path path, StandardOpenOption mode) {
        try {
            int alignment = (int) Math.max(LEAST_ALIGNMENT, Files.getFileStore(path).getBlockSize());
            if (Integer.bitCount(alignment) != 1 || alignment > LEAST_ALIGNMENT * 4) {
                return null;
            }
            return new Opened(FileChannel.open(path, mode, ExtendedOpenOption.DIRECT), alignment);
        } catch (IOException | UnsupportedOperationException e) {
            return null;   // EINVAL on tmpfs and the like: the page cache it is
        }
    }

    /** An open {@code O_DIRECT} channel and the alignment its writes need (position, length and buffer address). */
    record Opened(FileChannel channel, int alignment) {
        /** Writes {@code bytes} (aligned, a whole number of blocks) at {@code position}. */
        void write(ByteBuffer bytes, long position) throws IOException {
            for (long at = position; bytes.hasRemaining(); ) {
                at += channel.write(bytes, at);
            }
        }
    }
}
