// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mapdb.volume.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store file of an {@link AtomicMapDb}. MapDB writes a commit to it and then calls
 * {@link #sync}; here the writes go to the {@link RedoLog} instead, and {@code sync} seals and
 * forces the log before it writes the commit to the file ({@link PageWriter}). The file is forced at checkpoints, on a
 * thread of its own, so a commit costs one sequential write of its changes rather than a wait for
 * every page it touched; a checkpoint lets the logs it covers go.
 */
final class RedoVolume extends ForwardingVolume {
    private static final Logger LOG = LoggerFactory.getLogger(RedoVolume.class);

    private final Path file;
    private final RedoLog log;
    private final AtomicMapDb.Checkpoints checkpoints;
    private final RedoLog.Target toFile;
    private final Object checkpointLock = new Object();
    private final FileChannel forcing;      // the store file: commits are written and forced through it
    private Thread checkpointer;            // the checkpoint running, if any
    private volatile Thread writer;         // the thread with a commit in progress
    private long lastCheckpointNanos = System.nanoTime();
    private volatile IOException failed;

    RedoVolume(Path file, Volume target, AtomicMapDb.Checkpoints checkpoints) throws IOException {
        super(target);
        this.file = file;
        this.checkpoints = checkpoints;
        this.log = new RedoLog(file);
        this.forcing = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.toFile = new PageWriter(target, forcing);
    }

    private void writing() {
        IOException f = failed;
        if (f != null) {
            throw new UncheckedIOException(file + " cannot take commits any more; reopen it", f);
        }
        writer = Thread.currentThread();
    }

    @Override
    public void putLong(long offset, long value) {
        writing();
        log.data(offset, value);
    }

    @Override
    public void putInt(long offset, int value) {
        writing();
        log.data(offset, new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value}, 0, 4);
    }

    @Override
    public void putByte(long offset, byte value) {
        writing();
        log.data(offset, new byte[] {value}, 0, 1);
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int srcSize) {
        writing();
        log.data(offset, src, srcPos, srcSize);
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        writing();
        log.data(offset, buf);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        writing();
        for (long at = startOffset; at < endOffset; at += Integer.MAX_VALUE) {
            log.zeros(at, (int) Math.min(Integer.MAX_VALUE, endOffset - at));
        }
    }

    // Reads see the file as of the last commit. The thread of a commit in progress reading the file
    // is MapDB rolling that commit back (it reloads its header from the file): its writes are dropped.

    private void reading() {
        if (writer == Thread.currentThread() && log.pending()) {
            try {
                log.discard();
            } catch (IOException e) {
                failed = e;
                throw new UncheckedIOException(file + ": cannot drop a rolled back commit from the redo log", e);
            } finally {
                writer = null;
            }
        }
    }

    @Override
    public long getLong(long offset) {
        reading();
        return super.getLong(offset);
    }

    @Override
    public int getInt(long offset) {
        reading();
        return super.getInt(offset);
    }

    @Override
    public byte getByte(long offset) {
        reading();
        return super.getByte(offset);
    }

    @Override
    public void getData(long offset, byte[] bytes, int bytesPos, int size) {
        reading();
        super.getData(offset, bytes, bytesPos, size);
    }

    /** Commits: the log first, forced; then the file. Starts a checkpoint when one is due. */
    @Override
    public void sync() {
        writing();
        try {
            log.commit(toFile);
        } catch (IOException | RuntimeException e) {
            // the log may hold part of the commit, and the file may hold part of it: only a reopen
            // (which writes the sealed commits again) brings them back together
            failed = e instanceof IOException io ? io : new IOException(e);
            throw new UncheckedIOException(file + ": commit failed", failed);
        } finally {
            writer = null;
        }
        long sinceCheckpoint = System.nanoTime() - lastCheckpointNanos;
        if (log.size() >= checkpoints.maxLogBytes() || sinceCheckpoint >= TimeUnit.MILLISECONDS.toNanos(checkpoints.intervalMillis())) {
            checkpoint();
        }
    }

    /** Starts the next log and forces the file in the background; then the earlier logs go. */
    private void checkpoint() {
        synchronized (checkpointLock) {
            if (checkpointer != null && checkpointer.isAlive()) {
                return;     // the last one is still forcing; this log simply grows a little longer
            }
            List<Path> covered;
            try {
                covered = log.rotate();
            } catch (IOException e) {
                failed = e;
                throw new UncheckedIOException(file + ": cannot start a new redo log", e);
            }
            lastCheckpointNanos = System.nanoTime();
            checkpointer = new Thread(() -> force(covered), "d4-checkpoint-" + file.getFileName());
            checkpointer.setDaemon(true);
            checkpointer.start();
        }
    }

    private void force(List<Path> covered) {
        try {
            // on Linux this also writes back the pages changed through the memory mapping
            forcing.force(false);
            for (Path p : covered) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // the logs stay: the next checkpoint, or the next open, covers them
            LOG.warn("Checkpoint of {} failed; its redo logs are kept: {}", file, e.toString());
        }
    }

    /** Forces everything committed to the file and removes the logs: a clean close leaves none. */
    @Override
    public void close() {
        if (isClosed()) {
            return;
        }
        try {
            Thread running;
            synchronized (checkpointLock) {
                running = checkpointer;
            }
            if (running != null) {
                running.join();
            }
            if (log.pending()) {
                log.discard();      // a commit that never finished
            }
            log.close();
            if (failed == null) {
                forcing.force(false);
                for (Path p : RedoLog.logs(file)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.warn("Closing {} left its redo logs for the next open: {}", file, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                forcing.close();
            } catch (IOException e) {
                LOG.debug("closing {}", file, e);
            }
            super.close();
        }
    }
}
