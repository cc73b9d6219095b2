// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.d4.common.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a store on a thread of its own: at least every interval, and sooner when {@code due}
 * says writers ran ahead (checked at a short tick). A failed commit is logged; its changes stay
 * pending and go with the next one.
 */
final class PeriodicCommits implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicCommits.class);
    private static final long TICK_MS = 50;

    private final String store;
    private final Runnable commit;
    private final ScheduledExecutorService thread;

    PeriodicCommits(String threadName, String store, Runnable commit, long intervalMillis, BooleanSupplier due) {
        this.store = store;
        this.commit = commit;
        this.thread = DaemonThreads.scheduler(threadName);
        long tick = Math.max(10, Math.min(intervalMillis, TICK_MS));
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        long[] last = {System.nanoTime()};
        thread.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            if (due.getAsBoolean() || now - last[0] >= intervalNanos) {
                last[0] = now;
                commitNow();
            }
        }, tick, tick, TimeUnit.MILLISECONDS);
    }

    void commitNow() {
        try {
            commit.run();
        } catch (RuntimeException e) {
            LOG.error("{} commit failed; changes stay pending and are retried", store, e);
        }
    }

    /** Stops the thread, letting a commit in progress finish (an interrupt could break the store's file I/O). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{} commit still running after 10 s", store);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
