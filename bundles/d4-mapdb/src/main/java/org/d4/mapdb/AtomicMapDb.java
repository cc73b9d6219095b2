// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mapdb.DB;
import org.mapdb.StoreWAL;
import org.mapdb.volume.MappedFileVol;
import org.mapdb.volume.RandomAccessFileVol;
import org.mapdb.volume.Volume;
import org.mapdb.volume.VolumeFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a MapDB file with transactions whose commits are atomic, whenever the process or the
 * machine stops. MapDB 3.1 writes a commit to its write-ahead log and then into the file, but
 * never reads that log back when it opens a file: a crash while a commit was being written into
 * the file leaves the file half old, half new. Here each commit goes through a {@link RedoLog}
 * that the next open replays, and MapDB's own log becomes scratch space that is never forced.
 *
 * <p>It also makes commits cheaper: a commit forces one sequential log, while the file, whose
 * changed pages lie anywhere, is forced only at checkpoints ({@link Checkpoints}).
 */
public final class AtomicMapDb {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicMapDb.class);
    /** The concurrency scale and so the lock segments DBMaker uses by default (8, a shift of 3). */
    private static final int CONCURRENCY_SHIFT = 3;

    /** How the file is read and written. */
    public enum Access {
        /** Memory-mapped: cheap reads, for large files read at random (64-bit JVMs). */
        MAPPED,
        /** Read and written with system calls; no address space is used. */
        RANDOM_ACCESS
    }

    /**
     * When the file is forced to disk and the redo logs before it are removed: after this long,
     * or once the current log holds this many bytes (what a reopen after a crash may replay).
     */
    public record Checkpoints(long intervalMillis, long maxLogBytes) {
        public static final Checkpoints DEFAULT = new Checkpoints(30_000, 256L << 20);
    }

    private AtomicMapDb() {
    }

    public static DB open(Path file, Access access) throws IOException {
        return open(file, access, Checkpoints.DEFAULT);
    }

    /** Opens (or creates) the file, first writing again what the redo logs hold after a crash. */
    public static DB open(Path file, Access access, Checkpoints checkpoints) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        int replayed = RedoRecovery.recover(absolute);
        if (replayed > 0) {
            LOG.info("{}: wrote {} commits again from its redo log", absolute, replayed);
        }
        VolumeFactory plain = access == Access.MAPPED ? new MappedFileVol.MappedFileFactory(false, true) : RandomAccessFileVol.FACTORY;
        String name = absolute.toString();
        VolumeFactory factory = new VolumeFactory() {
            @Override
            public Volume makeVolume(String f, boolean readOnly, long fileLockWait, int sliceShift, long initSize, boolean fixedSize) {
                Volume volume = plain.makeVolume(f, readOnly, fileLockWait, sliceShift, initSize, fixedSize);
                if (!name.equals(f)) {
                    return new ScratchVolume(volume);
                }
                try {
                    return new RedoVolume(absolute, volume, checkpoints);
                } catch (IOException e) {
                    volume.close();
                    throw new UncheckedIOException(f + ": cannot start its redo log", e);
                }
            }

            @Override
            public boolean exists(String f) {
                return plain.exists(f);
            }

            @Override
            public boolean handlesReadonly() {
                return plain.handlesReadonly();
            }
        };
        boolean existed = factory.exists(name);
        StoreWAL store = StoreWAL.make(name, factory, 0L, true, CONCURRENCY_SHIFT, 0L, 0L, false, false, false, true, false);
        // binary reads: hash-map and B-tree look-ups without decoding whole nodes (BinaryReadingStore)
        return new DB(new BinaryReadingStore(store), existed, true, DB.class.getClassLoader(), 0);
    }
}
