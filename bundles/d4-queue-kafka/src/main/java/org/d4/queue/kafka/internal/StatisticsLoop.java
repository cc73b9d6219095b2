// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.d4.api.registry.NodeStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes this node's statistics to the statistics topic every {@link #PUBLISH_MS} (keyed by the
 * node's id, so compaction keeps each node's latest) and keeps every other node's latest, read from
 * the topic's start, on a thread of its own. While the brokers are away the others' figures stay
 * as they were last heard, with their time.
 */
final class StatisticsLoop extends CompactedTopicLoop {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsLoop.class);
    static final long PUBLISH_MS = 10_000;
    /** More nodes than a cluster has: records beyond are left out, so memory stays bounded (at most 64 x 10,000 sensors). */
    static final int MAX_NODES = 64;
    /** A node not heard from for two days has left: forgotten, which makes room for others. */
    static final Duration FORGET_AFTER = Duration.ofDays(2);
    private static final Duration FOLLOW = Duration.ofMillis(500);

    private final String node;
    private final Supplier<NodeStatistics> local;
    private final Map<String, NodeStatistics> others = new ConcurrentHashMap<>();

    StatisticsLoop(String node, Supplier<NodeStatistics> local, String topic, short replicationFactor, Clients clients, long retryDelayMs) {
        super(topic, replicationFactor, CompactedTopic.FREQUENT, clients, "statistics", LOG,
                new Outage(LOG, "Sharing the statistics through Kafka topic " + topic, "the other nodes' figures are those last heard", retryDelayMs));
        this.node = node;
        this.local = local;
    }

    @Override
    protected void follow(Producer<String, byte[]> p, Consumer<String, byte[]> c, TopicPartition tp) {
        long published = 0;
        while (running()) {
            if (System.nanoTime() - published > PUBLISH_MS * 1_000_000) {
                p.send(new ProducerRecord<>(topic, 0, node, NodeStatisticsCodec.encode(local.get())), (meta, failure) -> {
                    if (failure == null) {
                        outage.over();
                    }
                });
                published = System.nanoTime();
            }
            for (ConsumerRecord<String, byte[]> r : c.poll(FOLLOW)) {
                read(r);
            }
        }
    }

    private void read(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.key().equals(node)) {
            return;
        }
        if (r.value() == null) {
            others.remove(r.key());
            return;
        }
        NodeStatisticsCodec.decode(r.value(), node).filter(n -> n.node().equals(r.key())).ifPresentOrElse(n -> {
            Instant now = Instant.now();
            others.values().removeIf(o -> o.at().isBefore(now.minus(FORGET_AFTER)));
            if (n.at().isAfter(now.minus(FORGET_AFTER)) && (others.containsKey(n.node()) || others.size() < MAX_NODES)) {
                others.put(n.node(), n);
            }
        }, () -> LOG.warn("Left out record {} of {}: not a node's statistics", r.offset(), topic));
    }

    /** Every node's latest statistics, this node's as they are now. */
    List<NodeStatistics> nodes() {
        List<NodeStatistics> all = new ArrayList<>(others.values());
        all.add(local.get());
        all.sort(Comparator.comparing(NodeStatistics::host).thenComparing(NodeStatistics::node));
        return all;
    }
}
