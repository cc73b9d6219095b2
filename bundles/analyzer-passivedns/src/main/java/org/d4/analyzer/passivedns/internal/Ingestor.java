// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes sightings from the analyzer's delivery thread and the importer, gathers them in a
 * {@link Batch}, and writes each batch to the store on a thread of its own, committing at least
 * every interval. Only that thread touches the store's writing side, and nothing ever interrupts it
 * (an interrupt inside file I/O could close the store's files).
 *
 * <p>Memory is bounded: callers wait while a batch holds {@code maxPending} distinct records.
 * A crash loses what was not committed yet (at most about one interval of lines).
 */
final class Ingestor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);
    static final String WRITER_THREAD = "d4-pdns-writer";

    /**
     * @param flushRecords   distinct records that make a batch due before its interval is over
     * @param maxPending     distinct records at which callers wait for the writer
     * @param commitMillis   the longest a sighting waits before it is written and committed
     * @param expirations    record lifetimes by type
     * @param clock          now, in epoch seconds
     */
    record Settings(int flushRecords, int maxPending, long commitMillis, Expirations expirations, LongSupplier clock) {
    }

    private final PdnsStore store;
    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition due = lock.newCondition();
    private final Condition space = lock.newCondition();
    private final Condition written = lock.newCondition();
    private final Thread writer;
    private Batch pending = new Batch();
    private long flushRequested;
    private long flushedUpTo;
    private boolean running = true;
    private volatile String failure;
    private final ExpirySweeper sweeper;

    Ingestor(PdnsStore store, Settings settings) {
        this.store = store;
        this.settings = settings;
        this.sweeper = new ExpirySweeper(store, settings.expirations(), settings.clock());
        this.writer = new Thread(this::writeLoop, WRITER_THREAD);
        writer.setDaemon(true);
        writer.start();
    }

    /** A record line from a sensor. */
    void record(UUID sensor, Observation o) throws IOException, InterruptedException {
        Batch b = enter();
        try {
            b.line(sensor);
            b.record(o);
        } finally {
            lock.unlock();
        }
    }

    /** A line from a sensor that could not be read. */
    void malformed(UUID sensor) throws IOException, InterruptedException {
        lineWithoutRecord(sensor, true);
    }

    /** A line from a sensor left out by the exclusions. */
    void excluded(UUID sensor) throws IOException, InterruptedException {
        lineWithoutRecord(sensor, false);
    }

    private void lineWithoutRecord(UUID sensor, boolean malformed) throws IOException, InterruptedException {
        Batch b = enter();
        try {
            b.line(sensor);
            if (malformed) {
                b.malformed++;
            } else {
                b.excluded++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** An imported record (not a sensor line: the sensor counts stay as they are), seen by these sensors. */
    void imported(Observation o, UUID... moreSensors) throws IOException, InterruptedException {
        Batch b = enter();
        try {
            b.imported++;
            b.record(o, moreSensors);
        } finally {
            lock.unlock();
        }
    }

    /** Locks, waiting while the batch is full; the caller unlocks. */
    private Batch enter() throws IOException, InterruptedException {
        lock.lockInterruptibly();
        boolean ok = false;
        try {
            while (running && failure == null && pending.size() >= settings.maxPending()) {
                due.signal();
                space.await();
            }
            String f = failure;
            if (f != null || !running) {
                throw new IOException(f != null ? "the passive DNS store is failing: " + f : "the passive DNS store is closing");
            }
            ok = true;
            return pending;
        } finally {
            if (!ok) {
                lock.unlock();
            }
        }
    }

    /** Waits until everything handed over so far is committed; IOException while the store is failing. */
    void flush() throws IOException, InterruptedException {
        lock.lockInterruptibly();
        try {
            long target = ++flushRequested;
            due.signal();
            while (flushedUpTo < target && writer.isAlive()) {
                String f = failure;
                if (f != null) {
                    throw new IOException("the passive DNS store is failing: " + f);
                }
                written.await(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The current failure of the store, if any (shown in the info). */
    String failure() {
        return failure;
    }

    private void writeLoop() {
        long lastCommit = System.nanoTime();
        Batch spare = new Batch();      // the batches take turns: their arrays are kept, not collected
        boolean stopping = false;
        while (!stopping) {
            Batch batch;
            long target;
            lock.lock();
            try {
                long intervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.commitMillis());
                while (running && pending.size() < settings.flushRecords() && flushRequested <= flushedUpTo) {
                    long left = lastCommit + intervalNanos - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    due.awaitNanos(left);
                }
                stopping = !running;
                batch = pending;
                pending = spare;
                target = flushRequested;
                space.signalAll();
            } catch (InterruptedException e) {
                continue;    // nobody interrupts this thread; if someone does, carry on
            } finally {
                lock.unlock();
            }
            write(batch);
            int records = batch.size();
            batch.clear();
            spare = batch;
            lastCommit = System.nanoTime();
            lock.lock();
            try {
                flushedUpTo = Math.max(flushedUpTo, target);
                written.signalAll();
            } finally {
                lock.unlock();
            }
            if (!stopping) {
                sweep(records > settings.flushRecords() / 4 ? 10_000 : 100_000);
            }
        }
    }

    /** Applies and commits a batch, retrying while the store fails (callers are refused meanwhile). */
    private void write(Batch batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (!batch.isEmpty()) {
                    store.apply(batch);
                }
                store.commit();
                if (failure != null) {
                    LOG.info("Passive DNS store writes again");
                    failure = null;
                }
                return;
            } catch (RuntimeException | Error e) {
                // Errors too: a full disk under a memory-mapped file is an InternalError, and a writer
                // that died of it would leave every caller waiting for space forever
                rollbackQuietly();
                if (failure == null) {
                    LOG.error("Passive DNS store cannot write a batch of {} records; retrying every 5 s", batch.size(), e);
                }
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (!pauseUnlessClosing(attempt)) {
                    LOG.error("Passive DNS store closes with a batch of {} records unwritten", batch.size());
                    return;
                }
            }
        }
    }

    private void rollbackQuietly() {
        try {
            store.rollback();
        } catch (RuntimeException | Error e) {
            LOG.debug("rollback failed too", e);
        }
    }

    private boolean pauseUnlessClosing(int attempt) {
        lock.lock();
        try {
            if (!running && attempt >= 3) {
                return false;
            }
            due.await(5, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void sweep(int maxKeys) {
        if (settings.expirations().isEmpty() || failure != null) {
            return;
        }
        try {
            if (sweeper.sweep(maxKeys) > 0) {
                store.commit();
            }
        } catch (RuntimeException | Error e) {
            rollbackQuietly();
            LOG.warn("Sweeping expired records failed; trying again later", e);
        }
    }

    /** Writes what is pending, commits and stops the writer. */
    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
            due.signalAll();
            space.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.warn("Passive DNS writer still busy after 60 s");
        }
    }
}
