// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between Event Admin and a slow destination: notices wait in a bounded queue (Event Admin's thread
 * never waits for a mail server), one thread delivers them with retries, at most
 * {@code perMinute} a minute; a notice equal to one delivered in the last {@code dedup} (same
 * alert, same state) is dropped, and what the rate limit holds back is counted and told with the
 * next notice that goes out. Everything dropped is counted and logged.
 */
final class DeliveryQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
    static final int CAPACITY = 1000;
    static final int ATTEMPTS = 3;
    private static final long CLOSE_WAIT_MS = 2_000;

    /** Where notices go; throws when the destination refused or could not be reached. */
    interface Destination {
        void deliver(Notice notice, int heldBack) throws Exception;
    }

    private final String name;
    private final Destination destination;
    private final int perMinute;
    private final Duration dedup;
    private final Duration retryDelay;
    private final Clock clock;
    private final BlockingQueue<Notice> waiting = new ArrayBlockingQueue<>(CAPACITY);
    private final Deque<Instant> sentTimes = new ArrayDeque<>();
    private final Map<String, Instant> lastSent = new LinkedHashMap<>(16, 0.75f, true);
    private final Thread worker;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong heldBack = new AtomicLong();
    private final AtomicLong overflow = new AtomicLong();
    private volatile boolean running = true;

    DeliveryQueue(String name, Destination destination, int perMinute, Duration dedup, Duration retryDelay, Clock clock) {
        this.name = name;
        this.destination = destination;
        this.perMinute = Math.max(1, perMinute);
        this.dedup = dedup;
        this.retryDelay = retryDelay;
        this.clock = clock;
        this.worker = new Thread(this::run, "d4-notify-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    /** Never blocks: a full queue drops the notice (counted, logged). */
    void offer(Notice notice) {
        if (!waiting.offer(notice)) {
            long n = overflow.incrementAndGet();
            LOG.warn("Notifier {}: {} notices waiting, dropped {} ({} dropped so far)", name, CAPACITY, notice.summary(), n);
        }
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    long heldBack() {
        return heldBack.get();
    }

    private void run() {
        while (running) {
            try {
                Notice notice = waiting.poll(1, TimeUnit.SECONDS);
                if (notice != null) {
                    handle(notice);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handle(Notice notice) throws InterruptedException {
        Instant now = clock.instant();
        String dedupKey = notice.key() + "|" + notice.state();
        Instant previous = lastSent.get(dedupKey);
        if (previous != null && previous.plus(dedup).isAfter(now)) {
            LOG.debug("Notifier {}: {} again within {}, not sent", name, dedupKey, dedup);
            return;
        }
        while (!sentTimes.isEmpty() && sentTimes.peekFirst().isBefore(now.minus(Duration.ofMinutes(1)))) {
            sentTimes.removeFirst();
        }
        if (sentTimes.size() >= perMinute) {
            long held = heldBack.incrementAndGet();
            LOG.warn("Notifier {}: more than {} notices a minute, held back {} ({} so far)", name, perMinute, notice.summary(), held);
            return;
        }
        int held = (int) Math.min(Integer.MAX_VALUE, heldBack.getAndSet(0));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                destination.deliver(notice, held);
                delivered.incrementAndGet();
                sentTimes.addLast(now);
                lastSent.put(dedupKey, now);
                if (lastSent.size() > CAPACITY) {
                    lastSent.remove(lastSent.keySet().iterator().next());
                }
                return;
            } catch (Exception e) {
                if (attempt == ATTEMPTS) {
                    failed.incrementAndGet();
                    heldBack.addAndGet(held);
                    LOG.error("Notifier {}: could not deliver {} after {} attempts: {}", name, notice.summary(), ATTEMPTS, describe(e));
                } else {
                    LOG.warn("Notifier {}: attempt {} to deliver {} failed: {}", name, attempt, notice.summary(), describe(e));
                    Thread.sleep(retryDelay.toMillis() * attempt);
                }
            }
        }
    }

    /** The exception and its causes on one line: the mail library wraps the TLS error that says what is wrong. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && b.length() < 2000; c = c.getCause()) {
            b.append(" <- ").append(c);
        }
        return b.toString().replace('\n', ' ');
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(CLOSE_WAIT_MS);     // a delivery under way ends (or fails) before its destination closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
