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
 * forced at the next tick. Used under the session's lock, except {@link #force}.
 */
final class ArchiveFile {
    private final Path path;
    private final OpenFileBudget budget;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private FileChannel channel;              // null while resting
    private volatile FileChannel forceable;
    private boolean written;                  // since the last restIfQuiet
    private boolean unforced;                 // written through a channel closed without a force

    ArchiveFile(Path path, OpenFileBudget budget) {
        this.path = path;
        this.budget = budget;
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
            }
        }
        try {
            for (long done = 0; done < total; ) {
                done += target.write(bytes);
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
            closing.close();
            budget.giveBack();
        }
    }

    private void forceByPath() throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.force(false);
        }
        unforced = false;
    }
}
