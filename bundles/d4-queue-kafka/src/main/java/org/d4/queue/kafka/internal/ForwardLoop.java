// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one local queue to its topic: a batch of the oldest units is sent, and removed from the
 * queue only once the brokers acknowledged it ({@code acks=all}); while the brokers are away the
 * producer holds the batch and keeps trying (so each unit arrives once, in order); after a refusal
 * the units from the refused one on are sent again after a pause, so nothing the queue held is
 * lost and a unit may then arrive twice (at least once). The key is the sensor's UUID: one sensor's units stay in
 * one partition, in order; the record's time is the unit's.
 */
final class ForwardLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardLoop.class);
    private static final long WAIT_NOTICE_S = 30;

    private final QueueService queues;
    private final UUID queue;
    private final String topic;
    private final Producer<String, byte[]> producer;
    private final int batch;
    private final Outage outage;
    /** When the producer's send() began, while it runs: it waits there for the topic's metadata and for room in its buffer. */
    private volatile long sendingSince;
    private volatile boolean running = true;

    ForwardLoop(QueueService queues, UUID queue, String topic, Producer<String, byte[]> producer, int batch, long retryDelayMs) {
        this.queues = queues;
        this.queue = queue;
        this.topic = topic;
        this.producer = producer;
        this.batch = batch;
        this.outage = new Outage(LOG, "Forwarding queue " + queue + " to Kafka topic " + topic, "its units wait in the queue", retryDelayMs);
    }

    @Override
    public void run() {
        LOG.info("Forwarding queue {} to Kafka topic {}", queue, topic);
        while (running) {
            try {
                if (!queues.awaitItems(queue, Duration.ofSeconds(1)) || !running) {
                    continue;
                }
                List<QueueItem> units = queues.items(queue, 0, batch);
                if (!units.isEmpty()) {
                    send(units);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                running &= outage.failed(e);
            }
        }
        LOG.info("No longer forwarding queue {} to Kafka topic {}", queue, topic);
    }

    /**
     * Sends a batch and removes from the queue, in order, each unit the brokers took. A unit they
     * can never take (larger than the producer's or the brokers' limit) becomes a dead letter of the
     * local queue, so it does not hold up the rest, and the units after it still count; at any other
     * failure the units from there on stay, to go again after a pause.
     */
    private void send(List<QueueItem> units) {
        // one sensor's units in one partition, in order: the idempotent producer keeps that order across its own retries
        List<Future<RecordMetadata>> acks = new ArrayList<>(units.size());
        for (QueueItem u : units) {
            sendingSince = System.nanoTime();       // each send: one that waits long is the brokers', not a long batch
            Future<RecordMetadata> ack;
            try {
                ack = producer.send(new ProducerRecord<>(topic, null, u.epochSecond() * 1000, u.sensor().toString(), u.data()));
            } finally {
                sendingSince = 0;
            }
            acks.add(ack);
            if (ack.isDone() && outcome(ack) != null) {
                break;      // refused at once (a login the brokers refuse): the rest would each wait in send() to be refused too
            }
        }
        int settled = 0;        // units [0, settled) are acknowledged or set aside
        for (int i = 0; i < acks.size(); i++) {
            Throwable failure = outcome(acks.get(i));
            if (failure == null) {
                continue;
            }
            if (i > settled) {
                queues.acknowledge(queue, units.get(i - 1).sequence());
                queues.awaitDurable();
            }
            if (!(failure instanceof RecordTooLargeException)) {
                running &= outage.failed(failure);
                return;
            }
            setAside(units.get(i), failure);
            settled = i + 1;
        }
        if (acks.size() > settled) {
            queues.acknowledge(queue, units.get(acks.size() - 1).sequence());
        }
        // at once, not with the queue store's next periodic commit: after a crash the units the brokers have would go again
        queues.awaitDurable();
        outage.over();
    }

    /**
     * Null when the brokers took the unit, else why not. The producer never gives up on a unit
     * because the brokers are away (it keeps trying), so neither does this: the outage is logged.
     */
    private Throwable outcome(Future<RecordMetadata> ack) {
        while (true) {
            try {
                ack.get(WAIT_NOTICE_S, TimeUnit.SECONDS);
                return null;
            } catch (TimeoutException e) {
                outage.waiting("no acknowledgement from the brokers for " + WAIT_NOTICE_S + " s");
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }
    }

    private void setAside(QueueItem unit, Throwable reason) {
        queues.deadLetter(queue, unit, 1, reason.getClass().getSimpleName() + ": " + reason.getMessage());
        LOG.warn("Unit {} of queue {} ({} bytes) can never go to Kafka topic {}: {}; set aside as a dead letter", unit.sequence(), queue,
                unit.data().length, topic, reason.getMessage());
    }

    /**
     * Logs the outage when send() has waited for half a minute: a node that starts while the
     * brokers are away waits there for the topic's metadata, before any acknowledgement is due.
     * Called by a watchdog, not by the loop (its thread is the one waiting); {@code why} is asked
     * once per outage.
     */
    void checkSending(long nowNanos, Supplier<String> why) {
        long since = sendingSince;
        if (since != 0 && nowNanos - since > TimeUnit.SECONDS.toNanos(WAIT_NOTICE_S) && outage.problem().isEmpty()) {
            outage.waiting("the producer has waited " + WAIT_NOTICE_S + " s for the brokers: " + why.get());
        }
    }

    Optional<String> problem() {
        return outage.problem();
    }

    /** Ends the loop after the batch in flight (the queue keeps what was not acknowledged). */
    void stop() {
        running = false;
    }
}
