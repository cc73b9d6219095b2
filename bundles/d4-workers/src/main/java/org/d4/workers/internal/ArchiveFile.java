// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One archive file being appended to, holding a descriptor only while it is busy: it rests (forced
 * and closed) after a flush interval without writes, and is opened again by the next write. When
 * the {@link OpenFileBudget} is spent, a write opens, appends and closes at once, and the file is
 * forced at the next tick. A write of {@link DirectWrites#MIN_BATCH} or more sends its whole blocks
 * past the page cache through a second channel (with a budget place of its own), and appends the
 * rest, less than a block, through the page cache; the file's last partial block is kept in memory
 * meanwhile, so the next write can start at a block boundary. Used under the session's lock, except {@link #force}.
 */
final class ArchiveFile {
    private final Path path;
    private final OpenFileBudget budget;
    private final DirectWrites directWrites;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private FileChannel channel;              // null while resting
    private DirectWrites.Opened direct;       // open beside channel once a large write came; null otherwise
    private boolean directRefused;            // the file system refused O_DIRECT: not asked again
    private long size;                        // the file's length while channel is open (this is its only writer)
    private byte[] tail;                      // with direct: the bytes after the file's last block boundary
    private int tailLength;
    private volatile FileChannel forceable;
    private boolean written;                  // since the last restIfQuiet
    private boolean unforced;                 // written through a channel closed without a force

    /** What every archive file shares: the descriptor budget and the direct writes. */
    record Shared(OpenFileBudget budget, DirectWrites directWrites) {
        ArchiveFile file(Path path) {
            return new ArchiveFile(path, budget, directWrites);
        }
    }

    ArchiveFile(Path path, OpenFileBudget budget, DirectWrites directWrites) {
        this.path = path;
        this.budget = budget;
        this.directWrites = directWrites;
    }

    Path path() {
        return path;
    }

    /** Appends all of {@code bytes}; returns how many. */
    long write(ByteBuffer... bytes) throws IOException {
        long total = 0;
        for (ByteBuffer b : bytes) {
            total += b.remaining();
        }
        if (total == 0) {
            return 0;
        }
        FileChannel target = channel;
        boolean transientChannel = false;
        if (target == null) {
            transientChannel = !budget.tryTake();
            target = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (!transientChannel) {
                channel = target;
                forceable = target;
                size = target.size();
            }
        }
        try {
            if (transientChannel) {
                append(target, bytes, total);
            } else if (direct != null || total >= DirectWrites.MIN_BATCH && openDirect()) {
                try {
                    writeThroughStaging(bytes);
                } catch (IOException | RuntimeException e) {
                    size = target.size();     // whatever reached the file; the next large write starts afresh
                    closeDirect();
                    throw e;
                }
            } else {
                append(target, bytes, total);
                size += total;
            }
        } finally {
            if (transientChannel) {
                target.close();
                unforced = true;
            }
        }
        written = true;
        dirty.set(true);
        return total;
    }

    private static void append(FileChannel target, ByteBuffer[] bytes, long total) throws IOException {
        for (long done = 0; done < total; ) {
            done += target.write(bytes);
        }
    }

    /** Opens the O_DIRECT channel beside the held one and reads the last partial block; false where that cannot be. */
    private boolean openDirect() throws IOException {
        if (directRefused || !directWrites.enabled()) {
            return false;
        }
        if (!budget.tryTake()) {
            return false;
        }
        DirectWrites.Opened opened = DirectWrites.open(path);
        if (opened == null) {
            budget.giveBack();
            directRefused = true;
            return false;
        }
        direct = opened;
        tail = new byte[opened.alignment()];
        tailLength = (int) (size % opened.alignment());
        try (FileChannel reader = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer into = ByteBuffer.wrap(tail, 0, tailLength);
            for (long at = size - tailLength; into.hasRemaining(); ) {
                int n = reader.read(into, at);
                if (n < 0) {
                    throw new IOException("archive file " + path + " is shorter than written");
                }
                at += n;
            }
        } catch (IOException e) {
            closeDirect();
            throw e;
        }
        return true;
    }

    /**
     * The last partial block and {@code bytes} go through this thread's aligned buffer: whole blocks
     * are written past the page cache when there are enough of them, the rest is appended as usual.
     */
    private void writeThroughStaging(ByteBuffer[] bytes) throws IOException {
        int alignment = direct.alignment();
        ByteBuffer staging = directWrites.staging(alignment);
        staging.put(tail, 0, tailLength);
        long blockStart = size - tailLength;     // where staging's first byte belongs in the file
        int firstNew = tailLength;               // staging's bytes before this are already in the file
        boolean wroteDirect = false;
        for (ByteBuffer b : bytes) {
            while (b.hasRemaining()) {
                int n = Math.min(b.remaining(), staging.remaining());
                staging.put(staging.position(), b, b.position(), n).position(staging.position() + n);
                b.position(b.position() + n);
                if (!staging.hasRemaining()) {   // full: a whole number of blocks
                    direct.write(staging.flip(), blockStart);
                    blockStart += staging.limit();
                    staging.clear().limit(DirectWrites.STAGING_BYTES);
                    firstNew = 0;
                    wroteDirect = true;
                }
            }
        }
        int end = staging.position();
        int whole = end - end % alignment;
        if (whole > 0 && (wroteDirect || end >= DirectWrites.MIN_BATCH)) {
            direct.write(staging.duplicate().position(0).limit(whole), blockStart);
            firstNew = whole;                    // whole >= alignment > the old tail: what follows is all new
        }
        ByteBuffer rest = staging.duplicate().position(firstNew).limit(end);
        while (rest.hasRemaining()) {
            channel.write(rest);                 // appended at the end the direct write left
        }
        blockStart += whole;
        tailLength = end - whole;
        staging.get(whole, tail, 0, tailLength);
        size = blockStart + tailLength;
    }

    private void closeDirect() throws IOException {
        DirectWrites.Opened closing = direct;
        direct = null;
        tail = null;
        tailLength = 0;
        try {
            closing.channel().close();
        } finally {
            budget.giveBack();
        }
    }

    /** From the flusher's tick: a file not written since the last call is forced and closed; bytes written past the budget are forced. */
    void restIfQuiet() throws IOException {
        if (channel != null && !written) {
            closeForced();
        } else if (channel == null && unforced) {
            forceByPath();
        }
        written = false;
    }

    /** Forces what was written through the held channel. Any thread, without the session's lock. */
    void force() throws IOException {
        ArchiveOutput.forceIfDirty(forceable, dirty);
    }

    /** Forced and closed for good. */
    void close() throws IOException {
        if (channel != null) {
            closeForced();
        } else if (unforced) {
            forceByPath();
        }
    }

    private void closeForced() throws IOException {
        FileChannel closing = channel;
        channel = null;
        forceable = null;
        try {
            closing.force(false);
        } finally {
            try {
                closing.close();
                budget.giveBack();
            } finally {
                if (direct != null) {
                    closeDirect();
                }
            }
        }
    }

    private void forceByPath() throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.force(false);
        }
        unforced = false;
    }
}
