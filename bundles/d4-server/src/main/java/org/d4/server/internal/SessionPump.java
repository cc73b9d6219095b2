// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;

/**
 * Hands one connection's verified payloads to its worker session, in order, on a pool thread, so a
 * slow worker never blocks the network threads. Bytes waiting beyond the high mark pause the
 * connection ({@code pause}); draining below a quarter of it resumes it. Payloads that waited while
 * the session was busy are handed over together ({@link PayloadSession#acceptAll}): under load the
 * worker then writes many frames with one system call. While data keeps coming the worker is woken
 * at most once per wake interval (the first payload after a pause in the stream goes at once): a
 * wake-up costs a futex call and two context switches, several times the cost of archiving a 4 KiB
 * frame on a virtual machine. What arrives while the worker writes waits for the next wake-up too,
 * unless a full batch is there: it then goes in one large write instead of trailing the last one in
 * small pieces. Each payload comes in an array from the network thread's {@link PayloadArrays}
 * (the rules assembled it there), given back once the worker has read it.
 */
final class SessionPump {
    private record Item(byte[] payload, int length, long timestamp) {}

    /** A batch handed to the session at once stops at whichever comes first. */
    private static final int BATCH_ITEMS = 256;
    private static final long BATCH_BYTES = 1024 * 1024;

    private final Dispatcher dispatcher;
    private final Executor executor;
    private final PayloadArrays arrays;
    private final ScheduledExecutorService timer;
    private final long wakeIntervalNanos;
    private final long highMark;
    private final Runnable pause;
    private final Runnable resume;
    private final Consumer<String> fail;
    private final Queue<Item> queue = new ArrayDeque<>();
    private SessionInfo info;
    private PayloadSession session;
    private long pendingBytes;
    private boolean scheduled;
    private boolean wakeTimed;      // a wake-up of the worker is scheduled on the timer
    private long lastWake;
    private boolean closing;
    private boolean closed;
    private boolean paused;
    private boolean failed;

    /**
     * @param executor the worker pool
     * @param arrays the network thread's pool, where the payloads' arrays come from and go back to once delivered
     * @param timer runs the deferred wake-ups: the connection's network thread, so that they need no wake-up of their own
     * @param wakeIntervalNanos the least time between two wake-ups of the worker while data keeps coming; 0 wakes it on every read
     */
    SessionPump(Dispatcher dispatcher, Executor executor, PayloadArrays arrays, ScheduledExecutorService timer, long wakeIntervalNanos, long highMark,
            Runnable pause, Runnable resume, Consumer<String> fail) {
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.arrays = arrays;
        this.timer = timer;
        this.wakeIntervalNanos = wakeIntervalNanos;
        this.lastWake = System.nanoTime() - wakeIntervalNanos;
        this.highMark = highMark;
        this.pause = pause;
        this.resume = resume;
        this.fail = fail;
    }

    /** Sets what the session is (before the first payload); the worker session opens on the pool. */
    synchronized void start(SessionInfo sessionInfo) {
        this.info = sessionInfo;
    }

    synchronized boolean started() {
        return info != null;
    }

    /**
     * Queues the payload, the first {@code length} bytes of an array from this pump's
     * {@link PayloadArrays} that is now the pump's; may pause the connection. The worker is woken by
     * {@link #flush}: once per network read, not once per frame. Called on the network thread.
     */
    void offer(byte[] payload, int length, long timestamp) {
        boolean pauseNow;
        synchronized (this) {
            if (closing || failed) {
                return;
            }
            queue.add(new Item(payload, length, timestamp));
            pendingBytes += length;
            pauseNow = !paused && pendingBytes > highMark;
            if (pauseNow) {
                paused = true;
            }
        }
        if (pauseNow) {
            pause.run();
        }
    }

    /**
     * Hands what was offered so far to the worker: now, if the worker was last woken a wake interval
     * ago or a quarter of the high mark waits; otherwise when the interval ends. Called on the network
     * thread after each read.
     */
    synchronized void flush() {
        if (queue.isEmpty() || scheduled) {
            return;   // a worker at work takes what was added
        }
        if (pendingBytes >= highMark / 4 || dueOrLater()) {
            lastWake = System.nanoTime();
            schedule();   // a timed wake-up still armed then finds the worker at work or nothing left
        }
    }

    /**
     * True when a wake interval has passed since the worker was last woken; otherwise arms a timed
     * wake-up for the interval's end (once) and answers false.
     *
     * @throws RejectedExecutionException when the network thread is stopping
     */
    private boolean dueOrLater() {
        long wait = lastWake + wakeIntervalNanos - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        if (!wakeTimed) {
            timer.schedule(this::timedWake, wait, TimeUnit.NANOSECONDS);
            wakeTimed = true;
        }
        return false;
    }

    private synchronized void timedWake() {
        wakeTimed = false;
        if (!queue.isEmpty() && !scheduled) {
            lastWake = System.nanoTime();
            schedule();
        }
    }

    /** No more payloads: the worker session is closed once the queue is drained. */
    synchronized void close() {
        closing = true;
        schedule();
    }

    private void schedule() {
        if (!scheduled && !closed) {
            scheduled = true;
            executor.execute(this::drain);
        }
    }

    private void drain() {
        List<Item> batch = new ArrayList<>();
        List<byte[]> delivered = new ArrayList<>();
        while (true) {
            long batchBytes = 0;
            synchronized (this) {
                Item item;
                while (batch.size() < BATCH_ITEMS && batchBytes < BATCH_BYTES && (item = queue.poll()) != null) {
                    batch.add(item);
                    batchBytes += item.length();
                }
                if (batch.isEmpty()) {
                    scheduled = false;
                    if (closing && !closed) {
                        closed = true;
                        break;
                    }
                    return;
                }
            }
            deliver(batch);
            delivered.clear();
            for (Item item : batch) {
                delivered.add(item.payload());
            }
            arrays.giveAll(delivered);   // the session read them during its call only
            batch.clear();
            boolean resumeNow;
            boolean goOn;
            synchronized (this) {
                pendingBytes -= batchBytes;
                resumeNow = paused && pendingBytes < highMark / 4;
                if (resumeNow) {
                    paused = false;
                }
                goOn = continueDraining();
            }
            if (resumeNow) {
                resume.run();
            }
            if (!goOn) {
                return;
            }
        }
        closeSession();
    }

    /**
     * After a batch: goes on while a full batch waits, the connection is closing, or a wake interval
     * has passed since the worker was woken; otherwise stops and leaves the rest to a timed wake-up,
     * so that what arrives while a write waits for the disk is gathered into the next write instead
     * of following it in small pieces.
     */
    private boolean continueDraining() {
        if (closing || queue.isEmpty() || queue.size() >= BATCH_ITEMS || pendingBytes >= BATCH_BYTES
                || pendingBytes >= highMark / 4) {
            return true;
        }
        try {
            if (dueOrLater()) {
                lastWake = System.nanoTime();
                return true;
            }
        } catch (RejectedExecutionException e) {
            return true;   // the network thread is stopping: finish here
        }
        scheduled = false;
        return false;
    }

    /** What waited is handed over at once, so the session can write it with one call. */
    private void deliver(List<Item> batch) {
        if (failed) {
            return;
        }
        try {
            if (session == null) {
                session = dispatcher.open(info);
            }
            List<ByteBuffer> payloads = new ArrayList<>(batch.size());
            for (Item item : batch) {
                if (item.length() > 0) {
                    payloads.add(ByteBuffer.wrap(item.payload(), 0, item.length()));
                }
            }
            long timestamp = batch.get(batch.size() - 1).timestamp();
            if (payloads.size() == 1) {
                session.accept(payloads.get(0), timestamp);
            } else if (!payloads.isEmpty()) {
                session.acceptAll(payloads, timestamp);
            }
        } catch (Exception e) {
            failed = true;
            fail.accept(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (Exception e) {
                fail.accept("worker failed to finish the session: " + e.getMessage());
            }
        }
    }
}
