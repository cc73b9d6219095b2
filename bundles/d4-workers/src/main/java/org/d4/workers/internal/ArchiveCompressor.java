// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gzips finished archive files on a few threads: to a temporary name in the same folder, forced to
 * disk, renamed into place, then the original is deleted and, for pcap, the absolute path of the
 * {@code .gz} is queued. The backlog is a list of files already on disk, so its length is not capped.
 * A file not compressed when the workers stop stays as it is and is recovered at the next start.
 */
final class ArchiveCompressor {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveCompressor.class);
    private static final int BUFFER = 64 * 1024;

    private final int level;
    private final ThreadPoolExecutor pool;
    private final Object idle = new Object();
    private final boolean directReads;
    private int pending;    // files submitted to any lane and not done yet; guarded by idle

    /**
     * @param level the gzip level, 1 (fastest) to 9 (smallest)
     * @param directReads files are read past the page cache where the file system allows ({@link DirectFileInput})
     */
    ArchiveCompressor(int threads, int level, boolean directReads) {
        this.level = level;
        this.directReads = directReads;
        AtomicInteger number = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "d4-archive-gzip-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A new lane: its files are compressed and queued one after the other, in the order given. */
    Lane lane() {
        return new Lane();
    }

    /** Compresses now, on the calling thread; returns the {@code .gz}. */
    Path compress(Path file) throws IOException {
        Path gzip = ArchiveLayout.gzipped(file);
        Path temp = ArchiveLayout.temporary(gzip);
        try {
            try (InputStream in = DirectFileInput.open(file, directReads); OutputStream out = new LeveledGzip(Files.newOutputStream(temp), level)) {
                byte[] buffer = new byte[BUFFER];   // large reads: fewer calls into zlib than transferTo's 8 KiB
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            force(temp);
            Files.move(temp, gzip, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        Files.delete(file);
        forceFolder(gzip.getParent());
        return gzip;
    }

    /** The gzip format at a chosen deflate level (the JDK's stream always uses the default, 6). */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }
    }

    static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Makes a rename durable where the platform allows it (Linux does, some systems cannot open folders). */
    static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // the rename is durable at the file system's next sync
        }
    }

    static void compressed(Path file, Path gzip, SeriesListener listener) {
        try {
            listener.compressed(file, gzip);
        } catch (RuntimeException e) {
            LOG.warn("Cannot queue {}: {}", gzip, e.getMessage());
        }
    }

    /**
     * Stops after the backlog of every lane, waiting at most {@code grace}; then interrupts what
     * still runs (lanes hand the pool one file at a time, so the pool alone does not know the backlog).
     */
    void shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            int left;
            synchronized (idle) {
                while (pending > 0 && System.nanoTime() < deadline) {
                    idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
                left = pending;
            }
            if (left > 0) {
                LOG.info("Stopped compressing with {} archive files left; they are recovered at the next start", left);
                pool.shutdownNow();
            } else {
                pool.shutdown();
            }
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void done(int files) {
        synchronized (idle) {
            pending -= files;
            if (pending <= 0) {
                idle.notifyAll();
            }
        }
    }

    /** Keeps one session's files in order: the queue must receive its paths oldest first, whatever the thread count. */
    final class Lane {
        private final Queue<Runnable> waiting = new ArrayDeque<>();
        private boolean running;

        /** Compresses the file, then tells the listener (which may queue its path). */
        void finish(Path file, SeriesListener listener) {
            submit(() -> {
                try {
                    compressed(file, compress(file), listener);
                } catch (IOException e) {
                    LOG.warn("Cannot compress {} (kept as it is; retried at the next start): {}", file, e.toString());
                }
            });
        }

        synchronized void submit(Runnable task) {
            synchronized (idle) {
                pending++;
            }
            waiting.add(task);
            if (!running) {
                next();
            }
        }

        private synchronized void next() {
            Runnable task = waiting.poll();
            running = task != null;
            if (task == null) {
                return;
            }
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        done(1);
                        next();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                int left = waiting.size() + 1;
                LOG.info("{} archive files left for recovery at the next start", left);
                waiting.clear();
                running = false;
                done(left);
            }
        }
    }
}
