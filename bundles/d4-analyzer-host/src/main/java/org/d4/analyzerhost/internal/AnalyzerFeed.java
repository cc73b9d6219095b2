// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzerhost.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one analyzer's queue to it on a thread of its own, oldest item first. An item leaves the
 * queue only once the analyzer returned from it (at least once); an item that keeps failing is
 * retried with a growing pause and then set aside as a dead letter, so it cannot block the queue.
 */
final class AnalyzerFeed implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzerFeed.class);
    private static final int BATCH = 64;

    private final String name;
    private final Analyzer analyzer;
    private final UUID queue;
    private final QueueService queues;
    private final int maxAttempts;
    private final long firstBackoffMillis;
    private final ClassLoader analyzerLoader;
    private final AnalyzerStats stats;
    private volatile boolean running = true;
    private volatile Thread thread;
    /** Guards {@link #interruptible}: a stop interrupts the feed only while it waits or analyzes, never inside a store call. */
    private final Object interruption = new Object();
    private boolean interruptible;

    AnalyzerFeed(String name, Analyzer analyzer, UUID queue, QueueService queues, int maxAttempts, long firstBackoffMillis,
            ClassLoader analyzerLoader, AnalyzerStats stats) {
        this.name = name;
        this.analyzer = analyzer;
        this.queue = queue;
        this.queues = queues;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.firstBackoffMillis = Math.max(1, firstBackoffMillis);
        this.analyzerLoader = analyzerLoader;
        this.stats = stats;
    }

    void start() {
        Thread t = new Thread(this, "d4-analyzer-" + name);
        t.setDaemon(true);
        // libraries inside analyzers (pcap4j, for one) find their plug-ins through the context class loader
        t.setContextClassLoader(analyzerLoader);
        thread = t;
        t.start();
    }

    /** Stops after the item in hand; waits up to {@code timeout} for it. */
    void stop(Duration timeout) {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        synchronized (interruption) {
            if (interruptible) {
                t.interrupt();
            }
        }
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("Analyzer {} did not return within {} s of being stopped; its thread is left to finish", name, timeout.toSeconds());
        }
    }

    UUID queue() {
        return queue;
    }

    Analyzer analyzer() {
        return analyzer;
    }

    @Override
    public void run() {
        LOG.info("Analyzer {} receives queue {}", name, queue);
        while (running) {
            try {
                interruptible(true);
                boolean ready = queues.awaitItems(queue, Duration.ofSeconds(1));
                interruptible(false);
                if (!ready || !running) {
                    continue;
                }
                List<QueueItem> batch = queues.items(queue, 0, BATCH);
                for (QueueItem item : batch) {
                    if (!running || !deliver(item)) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                if (running) {
                    Thread.currentThread().interrupt();
                }
                break;
            } catch (QueueException e) {
                LOG.warn("Analyzer {} stops: {}", name, e.getMessage());
                stats.failed(e.getMessage());
                break;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error("Delivery to analyzer {} failed; retrying in a second", name, e);
                    pause(1000);
                }
            }
        }
        LOG.info("Analyzer {} no longer receives queue {}", name, queue);
    }

    /** Hands one item over until it is handled or dead; false when stopped before. */
    private boolean deliver(QueueItem item) throws InterruptedException {
        for (int attempt = 1; running; attempt++) {
            try {
                interruptible(true);
                try {
                    analyzer.analyze(item);
                } finally {
                    interruptible(false);
                }
                queues.acknowledge(queue, item.sequence());
                stats.delivered(Instant.now());
                return true;
            } catch (InterruptedException e) {
                throw e;
            } catch (QueueException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                if (!running) {
                    return false;   // failed because it is being stopped: it comes again when it is back
                }
                String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                stats.failed(reason);
                if (attempt >= maxAttempts) {
                    queues.deadLetter(queue, item, attempt, reason);
                    LOG.warn("Analyzer {} failed {} times on item {}; set aside as a dead letter: {}", name, attempt, item.sequence(), reason);
                    return true;
                }
                LOG.debug("Analyzer {} failed on item {} (attempt {}): {}", name, item.sequence(), attempt, reason);
                if (!pause(Math.min(30_000, firstBackoffMillis << Math.min(attempt - 1, 16)))) {
                    return false;
                }
            }
        }
        return false;
    }

    private boolean pause(long millis) {
        interruptible(true);
        try {
            Thread.sleep(millis);
            return running;
        } catch (InterruptedException e) {
            return false;
        } finally {
            interruptible(false);
        }
    }

    /**
     * Marks whether a stop may interrupt this thread now. Leaving an interruptible stretch clears a
     * pending interrupt: an interrupt inside a store call could close the store's files.
     */
    private void interruptible(boolean allowed) {
        synchronized (interruption) {
            interruptible = allowed;
            if (!allowed) {
                Thread.interrupted();
            }
        }
    }
}
