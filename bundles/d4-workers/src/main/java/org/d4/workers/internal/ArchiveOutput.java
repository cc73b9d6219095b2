// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** Where one session's data is kept on disk. Called under the session's lock, except {@link #force}. */
interface ArchiveOutput {

    /** Opens the next file now, if none is open; returns the open file. */
    Path openNow() throws IOException;

    /** Appends, opening a file first if none is open. */
    void write(ByteBuffer bytes) throws IOException;

    /** Appends all of them, with one write where the output can, opening a file first if none is open. */
    default void write(ByteBuffer[] bytes) throws IOException {
        for (ByteBuffer b : bytes) {
            write(b);
        }
    }

    /** Finishes the open file when it is old enough; the next write opens a new one. */
    default void rotateIfDue() throws IOException {
        if (openFile() != null && rotationDue()) {
            finish();
        }
    }

    /** Whether the open file is old enough to be finished. */
    boolean rotationDue();

    /** The open file, or null. Read by {@link #force} without the session's lock, so kept in a volatile field. */
    ArchiveFile openFile();

    /**
     * Called by the flusher at each tick: a file written nothing since the last call is forced and
     * closed, to be opened again by the next write; it stays the open file of the session.
     */
    default void restIfQuiet() throws IOException {
        ArchiveFile open = openFile();
        if (open != null) {
            open.restIfQuiet();
        }
    }

    /** Forces what was written to disk. Any thread, without the session's lock: an fsync may take a while. */
    default void force() throws IOException {
        ArchiveFile open = openFile();
        if (open != null) {
            open.force();
        }
    }

    /** Closes the open file for good and hands it on (compression, queue). */
    void finish() throws IOException;

    /** Forces {@code file} when something was written since the last time; a file finished meanwhile was forced by its finish. */
    static void forceIfDirty(FileChannel file, AtomicBoolean dirty) throws IOException {
        if (file == null || !dirty.getAndSet(false)) {
            return;
        }
        try {
            file.force(false);
        } catch (ClosedChannelException finishedMeanwhile) {
            // finish() forced it before closing
        }
    }
}
