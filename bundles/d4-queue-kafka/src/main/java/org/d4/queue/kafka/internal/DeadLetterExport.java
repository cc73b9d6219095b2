// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the dead letters of this appliance's analyzer queues to a topic of their own, where the
 * cluster's operators find those of every node in one place: each leaves its queue once the
 * brokers have it (so a crash in between sends it again: at least once). The record is keyed by the
 * sensor's UUID, holds the unit as it was queued, with the time it was queued, and says in its
 * headers where and why it was set aside. The forwarding queues' dead letters (units too large for
 * the brokers) stay where they are.
 */
final class DeadLetterExport implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExport.class);
    private static final Duration SCAN = Duration.ofSeconds(2);
    private static final int BATCH = 500;
    /** Dead letters read at once at most; refused ones beyond it (thousands too large for the brokers) hold the rest back. */
    private static final int MAX_READ = 10_000;

    private final QueueService queues;
    private final String topic;
    private final Producer<String, byte[]> producer;
    private final String node;
    private final Outage outage;
    private final AtomicLong sent = new AtomicLong();
    /** Dead letters the brokers refused as too large ({@code queue/id}): they stay in their queue, not tried again until a restart. */
    private final Set<String> refused = new HashSet<>();
    private volatile boolean running = true;

    DeadLetterExport(QueueService queues, String topic, Producer<String, byte[]> producer, String node, long retryDelayMs) {
        this.queues = queues;
        this.topic = topic;
        this.producer = producer;
        this.node = node;
        this.outage = new Outage(LOG, "Sending dead letters to Kafka topic " + topic, "they wait in their queues", retryDelayMs);
    }

    @Override
    public void run() {
        LOG.info("Sending the analyzers' dead letters to Kafka topic {}", topic);
        while (running) {
            try {
                if (exportAll() == 0) {
                    Thread.sleep(SCAN.toMillis());
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                running &= outage.failed(e);
            }
        }
    }

    /** Sends what the queues hold now; returns how many left their queue. */
    int exportAll() throws InterruptedException {
        int moved = 0;
        for (QueueInfo q : queues.queues()) {
            if (q.deadLetters() > 0 && !q.owner().orElse("").startsWith(KafkaForwarder.OWNER_PREFIX)) {
                moved += export(q);
            }
        }
        outage.over();
        return moved;
    }

    private int export(QueueInfo q) throws InterruptedException {
        // past the ones refused as too large, which stay at the head of the queue's dead letters
        String prefix = q.uuid() + "/";
        int skipped = (int) refused.stream().filter(r -> r.startsWith(prefix)).count();
        List<DeadLetter> head = queues.deadLetters(q.uuid(), Math.min(BATCH + skipped, MAX_READ));
        refused.removeIf(r -> r.startsWith(prefix) && head.stream().noneMatch(d -> r.equals(prefix + d.id())));     // discarded or replayed meanwhile
        List<DeadLetter> letters = head.stream().filter(d -> !refused.contains(prefix + d.id())).limit(BATCH).toList();
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        for (DeadLetter d : letters) {
            acks.add(producer.send(record(q, d)));
        }
        List<Long> done = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
                done.add(letters.get(i).id());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RecordTooLargeException) {
                    refused.add(q.uuid() + "/" + letters.get(i).id());
                    LOG.warn("Dead letter {} of queue {} is too large for Kafka topic {}; it stays in its queue", letters.get(i).id(), q.uuid(), topic);
                } else if (failure == null) {
                    failure = new IllegalStateException(e.getCause().getMessage(), e.getCause());
                }
            }
        }
        if (!done.isEmpty()) {
            queues.discardDeadLetters(q.uuid(), done);
            sent.addAndGet(done.size());
        }
        if (failure != null) {
            throw failure;
        }
        return done.size();
    }

    private ProducerRecord<String, byte[]> record(QueueInfo q, DeadLetter d) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "d4.node", node);
        header(headers, "d4.queue", q.uuid().toString());
        q.owner().ifPresent(owner -> header(headers, "d4.analyzer", owner));
        header(headers, "d4.data", q.selector().key());
        header(headers, "d4.error", d.error());
        header(headers, "d4.attempts", Integer.toString(d.attempts()));
        header(headers, "d4.set-aside", d.at().toString());
        UUID sensor = d.item().sensor();
        return new ProducerRecord<>(topic, null, d.item().epochSecond() * 1000, sensor.toString(), d.item().data(), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Dead letters sent since the appliance started. */
    long sent() {
        return sent.get();
    }

    Optional<String> problem() {
        return outage.problem();
    }

    void stop() {
        running = false;
    }
}
