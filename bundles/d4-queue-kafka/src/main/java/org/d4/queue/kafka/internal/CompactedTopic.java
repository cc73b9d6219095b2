// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;

/** A compacted topic of one partition, so that every node reads its changes in one order: the cluster's shared state. */
final class CompactedTopic {
    private CompactedTopic() {
    }

    /**
     * Segments of ten minutes: a topic with a record a second per node (heartbeats, statistics)
     * gets compacted within the hour, not after the default week's segment, and a joining node
     * reads little more than the latest records.
     */
    static final Map<String, String> FREQUENT = Map.of("segment.ms", Long.toString(Duration.ofMinutes(10).toMillis()));

    private static Map<String, String> configs(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("cleanup.policy", "compact");
        return all;
    }

    /**
     * Creates the topic unless it exists, and refuses one with more partitions; true when it was created here.
     *
     * @param replicationFactor -1 for the brokers' default
     * @param what              what the topic holds, for the log and the refusal
     */
    static boolean ensure(Admin admin, String topic, short replicationFactor, String what, Logger log, Map<String, String> settings)
            throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic wanted = new NewTopic(topic, Optional.of(1), replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor))
                .configs(configs(settings));
        boolean created = false;
        try {
            admin.createTopics(List.of(wanted)).all().get(30, TimeUnit.SECONDS);
            log.info("Created the topic {} of the cluster's {}", topic, what);
            created = true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // a topic just created has no leader for a moment: reading it then fails, and the loop would log an outage
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            TopicDescription found = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            if (found.partitions().size() != 1) {
                throw new IllegalStateException("topic " + topic + " has " + found.partitions().size() + " partitions; the cluster's " + what
                        + " needs one (a single order of changes)");
            }
            if (found.partitions().get(0).leader() != null || System.nanoTime() > deadline) {
                return created;
            }
            Thread.sleep(100);
        }
    }
}
