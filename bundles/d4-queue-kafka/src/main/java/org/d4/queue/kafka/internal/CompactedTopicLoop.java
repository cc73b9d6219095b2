// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d4.kafka.clients.KafkaClients;
import org.slf4j.Logger;

/**
 * A loop that shares some of the cluster's state through a compacted topic of one partition: it
 * makes sure the topic exists, reads it from its start and follows it, writing its own records,
 * until stopped; after a failure (brokers away) it pauses and starts again the same way.
 */
abstract class CompactedTopicLoop implements Runnable {
    /** Makes the Kafka clients, each time the loop (re)connects. */
    record Clients(Supplier<Admin> admin, Supplier<Producer<String, byte[]>> producer, Supplier<Consumer<String, byte[]>> consumer) {

        /**
         * The clients of a loop: a producer whose sends fail within half a minute while the brokers
         * are away (the loop starts again later), and a consumer outside any group (each node reads
         * the whole topic).
         *
         * @param name the client ids' stem ({@code d4-registry}: {@code d4-registry-out}, {@code d4-registry-in})
         */
        static Clients of(Map<String, Object> settings, String name) {
            Map<String, Object> producer = new HashMap<>(settings);
            producer.put("acks", "all");
            producer.put("enable.idempotence", "true");
            producer.putIfAbsent("client.id", name + "-out");
            producer.putIfAbsent("max.block.ms", "10000");
            producer.putIfAbsent("request.timeout.ms", "10000");
            producer.putIfAbsent("delivery.timeout.ms", "30000");
            Map<String, Object> consumer = new HashMap<>(settings);
            consumer.put("enable.auto.commit", "false");
            consumer.put("auto.offset.reset", "earliest");
            consumer.putIfAbsent("client.id", name + "-in");
            return new Clients(() -> KafkaClients.admin(settings),
                    () -> KafkaClients.producer(producer, new StringSerializer(), new ByteArraySerializer()),
                    () -> KafkaClients.consumer(consumer, new StringDeserializer(), new ByteArrayDeserializer()));
        }
    }

    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    private static final long NEW_TOPIC_NANOS = Duration.ofSeconds(15).toNanos();

    protected final String topic;
    protected final Outage outage;
    private final short replicationFactor;
    private final Map<String, String> topicSettings;
    private final Clients clients;
    private final String what;
    private final Logger log;
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean running = true;
    /** When this loop created its topic (nano time), or long ago. */
    private long createdAt = System.nanoTime() - NEW_TOPIC_NANOS;

    /**
     * @param what          what the topic holds, for the log ({@code registry})
     * @param topicSettings settings of the topic when this loop creates it, beside compaction
     */
    CompactedTopicLoop(String topic, short replicationFactor, Map<String, String> topicSettings, Clients clients, String what, Logger log, Outage outage) {
        this.topic = topic;
        this.topicSettings = Map.copyOf(topicSettings);
        this.replicationFactor = replicationFactor;
        this.clients = clients;
        this.what = what;
        this.log = log;
        this.outage = outage;
    }

    @Override
    public final void run() {
        while (running) {
            Producer<String, byte[]> p = null;
            Consumer<String, byte[]> c = null;
            try {
                p = clients.producer().get();
                c = clients.consumer().get();
                consumer = c;
                try (Admin admin = clients.admin().get()) {
                    if (CompactedTopic.ensure(admin, topic, replicationFactor, what, log, topicSettings)) {
                        createdAt = System.nanoTime();
                    }
                }
                TopicPartition tp = new TopicPartition(topic, 0);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                follow(p, c, tp);
            } catch (WakeupException e) {
                // stopping
            } catch (ExecutionException e) {
                running &= failed(e.getCause() == null ? e : e.getCause());
            } catch (RuntimeException | TimeoutException e) {
                running &= failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                consumer = null;
                close(p, c);
            }
        }
    }

    /** Notes a failure and pauses; false when the loop is stopping. */
    private boolean failed(Throwable e) {
        if (!running) {
            return false;           // stopping: the client was woken up or interrupted
        }
        if (e instanceof UnknownTopicOrPartitionException && System.nanoTime() - createdAt < NEW_TOPIC_NANOS) {
            return pause(200);      // a topic created a moment ago, not yet known to every broker: no outage
        }
        return outage.failed(e);
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Closes the clients within a few seconds: with the brokers gone their own close would wait half
     * a minute (pending sends, the fetcher), longer than a bundle stop waits for this thread.
     */
    @SuppressWarnings("deprecation")       // close(Duration): the replacement, close(CloseOptions), is newer than some clients in use
    static void close(Producer<?, ?> p, Consumer<?, ?> c) {
        if (p != null) {
            p.close(CLOSE_WAIT);
        }
        if (c != null) {
            c.close(CLOSE_WAIT);
        }
    }

    /** Reads the topic from its start (the consumer is there) and follows it while {@link #running()}. */
    protected abstract void follow(Producer<String, byte[]> p, Consumer<String, byte[]> c, TopicPartition tp)
            throws InterruptedException, ExecutionException, TimeoutException;

    protected final boolean running() {
        return running;
    }

    /** Ends the loop; a poll in progress returns at once. */
    final void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
