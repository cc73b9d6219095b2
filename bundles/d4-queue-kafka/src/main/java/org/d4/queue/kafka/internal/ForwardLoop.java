// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one local queue to its topic: a batch of the oldest units is sent, and removed from the
 * queue only once the brokers acknowledged all of it ({@code acks=all}); after a refusal or a
 * silence the same units are sent again after a pause, so nothing the queue held is lost and a
 * unit may arrive twice (at least once). The key is the sensor's UUID: one sensor's units stay in
 * one partition, in order; the record's time is the unit's.
 */
final class ForwardLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardLoop.class);

    private final QueueService queues;
    private final UUID queue;
    private final String topic;
    private final Producer<String, byte[]> producer;
    private final int batch;
    private final long retryDelayMs;
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean running = true;
    private volatile String failure;

    ForwardLoop(QueueService queues, UUID queue, String topic, Producer<String, byte[]> producer, int batch, long retryDelayMs) {
        this.queues = queues;
        this.queue = queue;
        this.topic = topic;
        this.producer = producer;
        this.batch = batch;
        this.retryDelayMs = retryDelayMs;
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
                if (!units.isEmpty() && send(units)) {
                    queues.acknowledge(queue, units.get(units.size() - 1).sequence());
                    forwarded.addAndGet(units.size());
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                noteFailure(e);
            }
        }
        LOG.info("No longer forwarding queue {} to Kafka topic {}", queue, topic);
    }

    /** True when the brokers took every unit of the batch. */
    private boolean send(List<QueueItem> units) throws InterruptedException {
        // one sensor's units in one partition, in order: the idempotent producer keeps that order across its own retries
        List<Future<RecordMetadata>> acks = new ArrayList<>(units.size());
        for (QueueItem u : units) {
            acks.add(producer.send(new ProducerRecord<>(topic, null, u.epochSecond() * 1000, u.sensor().toString(), u.data())));
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (ExecutionException e) {
            noteFailure(e.getCause());
            return false;
        }
        if (failure != null) {
            LOG.info("Kafka topic {} takes units again", topic);
            failure = null;
        }
        return true;
    }

    /** Logs the start of an outage once and waits before the units go again. */
    private void noteFailure(Throwable e) {
        String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (failure == null) {
            LOG.warn("Kafka topic {} does not take units ({}); they wait in queue {} and go again every {} ms", topic, reason, queue, retryDelayMs);
        }
        failure = reason;
        try {
            Thread.sleep(retryDelayMs);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    long forwarded() {
        return forwarded.get();
    }

    /** The reason of the current outage, or null while the brokers take units. */
    String failure() {
        return failure;
    }

    /** Ends the loop after the batch in flight (the queue keeps what was not acknowledged). */
    void stop() {
        running = false;
    }
}
