// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the sessions' claims between this node and the sessions topic, on a thread of its own:
 * reads the topic from its start to its end (this node's claims from before a restart are removed
 * then), then sends this node's claims, releases and heartbeat and applies the others', until
 * stopped. While the brokers are away the other nodes' claims lapse (nothing is heard from them):
 * each node then takes its sensors as one appliance would.
 */
final class SessionLoop extends CompactedTopicLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLoop.class);
    private static final Duration FOLLOW = Duration.ofMillis(100);
    private static final long EVICT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final SessionClaims claims;

    SessionLoop(SessionClaims claims, String topic, short replicationFactor, Clients clients, long retryDelayMs) {
        super(topic, replicationFactor, CompactedTopic.FREQUENT, clients, "sensor connections", LOG, new Outage(LOG, "Sharing the sensors' connections through Kafka topic "
                + topic, "each node takes its sensors as one appliance would", retryDelayMs));
        this.claims = claims;
    }

    @Override
    protected void follow(Producer<String, byte[]> p, Consumer<String, byte[]> c, TopicPartition tp) {
        long end = c.endOffsets(List.of(tp)).get(tp);
        boolean joined = false;
        long lastBeat = 0;
        long lastEviction = System.nanoTime();
        while (running()) {
            if (System.nanoTime() - lastBeat > SessionClaims.HEARTBEAT_MS * 1_000_000) {
                Map.Entry<String, byte[]> beat = claims.heartbeat();
                p.send(new ProducerRecord<>(topic, 0, beat.getKey(), beat.getValue()));
                lastBeat = System.nanoTime();
            }
            if (System.nanoTime() - lastEviction > EVICT_EVERY_NANOS) {
                claims.evictLapsed();       // a pass over every claim; what it forgets is an hour old
                lastEviction = System.nanoTime();
            }
            send(p);
            for (ConsumerRecord<String, byte[]> r : c.poll(FOLLOW)) {
                claims.apply(r.key(), r.value(), r.offset() < end, r.timestamp()).ifPresent(this::yield);
            }
            if (!joined && c.position(tp) >= end) {
                claims.caughtUp();          // only now: a claim of another node may have come after an old one of ours
                joined = true;
                outage.over();
            }
        }
    }

    /** Sends what this node owes the topic; for a record that fails to go, what the node knows of its key then is owed again. */
    private void send(Producer<String, byte[]> p) {
        List<Map.Entry<String, Optional<byte[]>>> owed = claims.takeOwed();
        for (int i = 0; i < owed.size(); i++) {
            String key = owed.get(i).getKey();
            try {
                p.send(new ProducerRecord<>(topic, 0, key, owed.get(i).getValue().orElse(null)), (meta, failure) -> {
                    if (failure != null) {
                        claims.resync(key);
                    }
                });
            } catch (RuntimeException failure) {
                owed.subList(i, owed.size()).forEach(e -> claims.resync(e.getKey()));
                throw failure;
            }
        }
    }

    /** Closes a connection whose claim lost to another node's earlier one. */
    private void yield(Runnable lost) {
        try {
            lost.run();
        } catch (RuntimeException e) {
            LOG.warn("Closing a connection another node holds failed: {}", e.toString());
        }
    }
}
