// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.d4.api.queue.FeedSource;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueService;
import org.d4.common.MinuteRate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes units from the topics into the local queues, as a member of a consumer group. Each run of
 * one sensor's units in a partition is pushed to the sensor's route in one call that also records,
 * in the same durable commit, the partition's last offset taken ({@code kafka-in/<topic>/<partition>});
 * the group's offsets are committed after that. A partition assigned to this node resumes after
 * whichever is further, its local position or the group's offset: a crash between the push and the
 * group commit takes nothing twice, nor does a partition that went to another node and came back.
 */
final class IntakeLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeLoop.class);
    static final String POSITION_PREFIX = "kafka-in/";

    private final QueueService queues;
    private final Map<String, QueueSelector> topics;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private volatile Consumer<String, byte[]> consumer;
    private final Outage outage;
    private final Map<String, AtomicLong> taken = new HashMap<>();
    private final Map<String, MinuteRate> rates = new HashMap<>();
    /** The partitions assigned to this node and how far behind each is (-1 before its first fetch), as of the last poll. */
    private volatile Map<TopicPartition, Long> lags = Map.of();
    private volatile boolean running = true;
    private volatile Set<String> held = Set.of();
    /** Loop thread only: when the lag of the paused partitions was last asked, and what it was. */
    private long askedLag = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);
    private Map<TopicPartition, Long> heldLags = Map.of();

    /** @param topics each topic and the data its units are, as the local routes know it */
    IntakeLoop(QueueService queues, Map<String, QueueSelector> topics, Supplier<Consumer<String, byte[]>> consumers, long retryDelayMs) {
        this.queues = queues;
        this.topics = Collections.unmodifiableMap(new LinkedHashMap<>(topics));      // in the configured order, for display
        this.consumers = consumers;
        this.outage = new Outage(LOG, "Taking Kafka topics " + topics.keySet() + " in", "reading goes on after the last units taken", retryDelayMs);
        for (String topic : topics.keySet()) {
            taken.put(topic, new AtomicLong());
            rates.put(topic, new MinuteRate());
        }
    }

    @Override
    public void run() {
        LOG.info("Taking Kafka topics {} into the local queues", topics.keySet());
        while (running) {
            Consumer<String, byte[]> c = null;
            try {
                c = consumers.get();
                consumer = c;
                c.subscribe(topics.keySet(), new Resume(c));
                while (running) {
                    holdTopicsWithoutQueue(c);
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        take(c, records);
                    }
                    measure(c);
                    outage.over();
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                running &= outage.failed(e);
            } finally {
                consumer = null;
                lags = Map.of();
                CompactedTopicLoop.close(null, c);      // within a few seconds, also with the brokers gone
            }
        }
        LOG.info("No longer taking Kafka topics {}", topics.keySet());
    }

    private void take(Consumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> rs = records.records(tp);
            QueueSelector data = topics.get(tp.topic());
            for (int i = 0; i < rs.size();) {
                String key = rs.get(i).key();
                List<byte[]> units = new ArrayList<>();
                int j = i;
                while (j < rs.size() && Objects.equals(rs.get(j).key(), key)) {
                    units.add(rs.get(j).value() == null ? new byte[0] : rs.get(j).value());
                    j++;
                }
                UUID sensor = sensor(key);
                if (sensor == null) {
                    LOG.warn("Left out {} units of {} whose key is not a sensor UUID (not written by a forwarding appliance)", units.size(), tp);
                    units.clear();          // the partition's position still moves past them
                    sensor = new UUID(0, 0);
                }
                queues.route(data.type(), data.extendedType(), sensor).push(units, positionKey(tp), offsetBytes(rs.get(j - 1).offset()));
                i = j;
            }
            done.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        c.commitSync(done);
        long second = System.currentTimeMillis() / 1000;
        for (TopicPartition tp : records.partitions()) {
            int n = records.records(tp).size();
            taken.get(tp.topic()).addAndGet(n);
            rates.get(tp.topic()).add(n, second);
        }
    }

    /**
     * Pauses the topics that no local queue takes (their analyzer is not deployed yet, say): their
     * units wait in Kafka instead of being taken and dropped here; they resume once a queue for
     * their data exists.
     */
    private void holdTopicsWithoutQueue(Consumer<String, byte[]> c) {
        Set<String> now = topicsWithoutQueue();
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition tp : c.assignment()) {
            (now.contains(tp.topic()) ? pause : resume).add(tp);
        }
        c.pause(pause);
        c.resume(resume);
        if (!now.equals(held)) {
            if (!now.isEmpty()) {
                LOG.info("Kafka topics {} wait: no local queue takes their data (no analyzer for it yet)", now);
            }
            held = now;
        }
    }

    private Set<String> topicsWithoutQueue() {
        List<QueueInfo> all = queues.queues();
        Set<String> out = new TreeSet<>();
        topics.forEach((topic, data) -> {
            boolean taken = all.stream().map(QueueInfo::selector).anyMatch(q -> q.type() == data.type() && q.extendedType().equals(data.extendedType()));
            if (!taken) {
                out.add(topic);
            }
        });
        return out;
    }

    /** Topics paused for want of a local queue. */
    Set<String> held() {
        return held;
    }

    /** Notes the lag of each assigned partition, as the consumer knows it from its last fetch (no request to the brokers). */
    private void measure(Consumer<String, byte[]> c) {
        Map<TopicPartition, Long> now = new HashMap<>();
        List<TopicPartition> unknown = new ArrayList<>();
        for (TopicPartition tp : c.assignment()) {
            now.put(tp, c.currentLag(tp).orElse(-1));
            if (held.contains(tp.topic())) {
                unknown.add(tp);
            }
        }
        // a paused partition is not fetched, so the consumer's lag is none or stale: asked of the brokers, now and then
        if (!unknown.isEmpty() && System.nanoTime() - askedLag > TimeUnit.SECONDS.toNanos(5)) {
            askedLag = System.nanoTime();
            try {
                Map<TopicPartition, Long> ends = c.endOffsets(unknown, Duration.ofSeconds(2));
                Map<TopicPartition, Long> asked = new HashMap<>();
                for (TopicPartition tp : unknown) {
                    asked.put(tp, Math.max(0, ends.get(tp) - c.position(tp, Duration.ofSeconds(2))));
                }
                heldLags = asked;
            } catch (KafkaException e) {
                LOG.debug("The lag of {} is not known now: {}", unknown, e.toString());      // a figure for a page: the last one stays
            }
            heldLags.forEach((tp, lag) -> now.computeIfPresent(tp, (k, v) -> lag));
        } else {
            heldLags.forEach((tp, lag) -> now.computeIfPresent(tp, (k, v) -> held.contains(tp.topic()) ? lag : v));
        }
        lags = now;
    }

    /** Each topic: the partitions this node reads, their lag, the units taken and the rate. */
    List<FeedSource> sources() {
        Map<TopicPartition, Long> known = lags;
        long second = System.currentTimeMillis() / 1000;
        List<FeedSource> out = new ArrayList<>();
        topics.forEach((topic, data) -> {
            int partitions = 0;
            long lag = 0;
            boolean unknown = false;
            for (Map.Entry<TopicPartition, Long> e : known.entrySet()) {
                if (e.getKey().topic().equals(topic)) {
                    partitions++;
                    unknown |= e.getValue() < 0;
                    lag += Math.max(0, e.getValue());
                }
            }
            out.add(new FeedSource(topic, data, partitions, unknown && lag == 0 ? -1 : lag, taken.get(topic).get(), rates.get(topic).perSecond(second)));
        });
        return out;
    }

    Optional<String> problem() {
        return outage.problem();
    }

    private static UUID sensor(String key) {
        try {
            return key == null ? null : UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String positionKey(TopicPartition tp) {
        return POSITION_PREFIX + tp.topic() + "/" + tp.partition();
    }

    private static byte[] offsetBytes(long offset) {
        return ByteBuffer.allocate(Long.BYTES).putLong(offset).array();
    }

    /** Where an assigned partition goes on: after the local position or the group's offset, whichever is further. */
    private final class Resume implements ConsumerRebalanceListener {
        private final Consumer<String, byte[]> c;

        Resume(Consumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            holdTopicsWithoutQueue(c);          // before the poll that assigned them returns their records
            Map<TopicPartition, OffsetAndMetadata> committed = c.committed(Set.copyOf(partitions));
            for (TopicPartition tp : partitions) {
                byte[] local = queues.positions(positionKey(tp)).get(positionKey(tp));
                if (local == null || local.length != Long.BYTES) {
                    continue;
                }
                long next = ByteBuffer.wrap(local).getLong() + 1;
                OffsetAndMetadata group = committed.get(tp);
                if (group == null || group.offset() < next) {
                    c.seek(tp, next);
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // what was taken is committed with each batch
        }
    }

    /** Ends the loop; a poll in progress returns at once. */
    void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
