// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.d4.api.registry.RegistryEntry;
import org.d4.api.registry.RegistryReplica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's link to the cluster, on a thread of its own: makes sure the topic exists, reads it
 * from its start to its end and joins with what it found, then sends the changes made here and
 * applies those read back (its own included), until stopped. After an outage it joins again the
 * same way: the changes made here meanwhile are kept by the registry until sent.
 */
final class RegistryLoop extends CompactedTopicLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryLoop.class);
    static final int SEND_AT_ONCE = 500;
    private static final Duration FOLLOW = Duration.ofMillis(100);
    private static final long CATCH_UP_MS = 60_000;
    private static final long ACK_WAIT_S = 40;

    private final RegistryReplica replica;
    /** The offset of each change sent and not read back yet, by path. Loop thread only. */
    private final Map<String, Long> sentAt = new HashMap<>();

    RegistryLoop(RegistryReplica replica, String topic, short replicationFactor, Clients clients, long retryDelayMs) {
        super(topic, replicationFactor, Map.of(), clients, "registry", LOG,
                new Outage(LOG, "Sharing the registry through Kafka topic " + topic, "changes made here are kept and sent later", retryDelayMs));
        this.replica = replica;
    }

    @Override
    protected void follow(Producer<String, byte[]> p, Consumer<String, byte[]> c, TopicPartition tp)
            throws InterruptedException, ExecutionException, TimeoutException {
        replica.join(catchUp(c, tp));
        outage.over();
        sentAt.clear();
        while (running()) {
            send(p);
            for (ConsumerRecord<String, byte[]> r : c.poll(FOLLOW)) {
                entry(r).filter(e -> !olderThanSent(e, r.offset())).ifPresent(replica::apply);
            }
        }
    }

    /** The topic as it is now: each path's latest entry, read from the start to the end offset found first. */
    private Map<String, RegistryEntry> catchUp(Consumer<String, byte[]> c, TopicPartition tp) throws TimeoutException {
        long end = c.endOffsets(List.of(tp)).get(tp);
        long deadline = System.currentTimeMillis() + CATCH_UP_MS;
        Map<String, RegistryEntry> state = new LinkedHashMap<>();
        while (c.position(tp) < end) {
            if (System.currentTimeMillis() > deadline) {
                throw new TimeoutException("reading " + topic + " up to offset " + end + " took over " + CATCH_UP_MS + " ms");
            }
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                entry(r).ifPresent(e -> state.put(e.path(), e));
            }
        }
        return state;
    }

    private void send(Producer<String, byte[]> p) throws InterruptedException, ExecutionException, TimeoutException {
        List<RegistryEntry> out = replica.outgoing(SEND_AT_ONCE);
        if (out.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (RegistryEntry e : out) {
            acks.add(p.send(new ProducerRecord<>(topic, 0, e.path(), e.value().orElse(null))));
        }
        for (int i = 0; i < acks.size(); i++) {
            sentAt.put(out.get(i).path(), acks.get(i).get(ACK_WAIT_S, TimeUnit.SECONDS).offset());
        }
        replica.delivered(out);
    }

    /**
     * Whether a record read back is older than the change this node sent for the same entry: it
     * was in the topic before it and must not undo it here (the change comes back after it).
     */
    private boolean olderThanSent(RegistryEntry e, long offset) {
        Long sent = sentAt.get(e.path());
        if (sent == null) {
            return false;
        }
        if (offset >= sent) {
            sentAt.remove(e.path());
            return false;
        }
        return true;
    }

    private Optional<RegistryEntry> entry(ConsumerRecord<String, byte[]> r) {
        try {
            return Optional.of(RegistryEntry.at(r.key() == null ? "" : r.key(), r.value()));
        } catch (IllegalArgumentException e) {
            LOG.warn("Left out record {} of {}: {}", r.offset(), topic, e.getMessage());
            return Optional.empty();
        }
    }
}
