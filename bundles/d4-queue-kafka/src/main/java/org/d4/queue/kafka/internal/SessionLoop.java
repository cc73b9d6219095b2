// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    private final SessionClaims claims;

    SessionLoop(SessionClaims claims, String topic, short replicationFactor, Clients clients, long retryDelayMs) {
        super(topic, replicationFactor, clients, "sensor connections", LOG, new Outage(LOG, "Sharing the sensors' connections through Kafka topic "
                + topic, "each node takes its sensors as one appliance would", retryDelayMs));
        this.claims = claims;
    }

    @Override
    protected void follow(Producer<String, byte[]> p, Consumer<String, byte[]> c, TopicPartition tp) {
        long end = c.endOffsets(List.of(tp)).get(tp);
        long lastBeat = 0;
        while (running()) {
            if (System.nanoTime() - lastBeat > SessionClaims.HEARTBEAT_MS * 1_000_000) {
                Map.Entry<String, byte[]> beat = claims.heartbeat();
                p.send(new ProducerRecord<>(topic, 0, beat.getKey(), beat.getValue()));
                lastBeat = System.nanoTime();
            }
            send(p);
            for (ConsumerRecord<String, byte[]> r : c.poll(FOLLOW)) {
                claims.apply(r.key(), r.value(), r.offset() < end).ifPresent(this::yield);
            }
            if (c.position(tp) >= end) {
                outage.over();
            }
        }
    }

    /** Sends what this node owes the topic; what fails to go is owed again. */
    private void send(Producer<String, byte[]> p) {
        for (Map.Entry<String, Optional<byte[]>> e : claims.takeOwed()) {
            p.send(new ProducerRecord<>(topic, 0, e.getKey(), e.getValue().orElse(null)), (meta, failure) -> {
                if (failure != null) {
                    claims.owe(e.getKey(), e.getValue());
                }
            });
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
