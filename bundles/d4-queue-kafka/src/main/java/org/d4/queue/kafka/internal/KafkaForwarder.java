// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.d4.common.DaemonThreads;
import org.d4.kafka.clients.KafkaClients;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards the configured types to Kafka ({@code etc/d4.queue.kafka.cfg}): each type gets a durable
 * local queue of its own (found again by its owner name after a restart), filled by the type
 * workers like any analyzer's queue, and a thread that moves it to the type's topic with one
 * shared producer: {@code acks=all}, idempotent, LZ4 batches. Without the configuration nothing
 * happens: the single appliance needs no Kafka.
 */
@Component(configurationPid = KafkaForwardConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = KafkaForwardConfig.class)
public final class KafkaForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
    static final String OWNER_PREFIX = "kafka:";

    private final KafkaProducer<String, byte[]> producer;
    private final List<LoopThread> threads = new ArrayList<>();
    private final ScheduledExecutorService watchdog = DaemonThreads.scheduler("d4-kafka-forward-watchdog");
    private final Map<String, ForwardLoop> loops = new LinkedHashMap<>();
    private final Map<String, Object> adminSettings;

    @Activate
    public KafkaForwarder(@Reference QueueService queues, KafkaForwardConfig config) {
        List<ForwardTargets.Target> targets = ForwardTargets.checked(LOG, KafkaForwardConfig.PID, "nothing is forwarded to Kafka", () -> {
            if (config.batch() < 1 || config.retry_delay_ms() < 1) {
                throw new IllegalArgumentException("batch and retry.delay.ms must be at least 1");
            }
            return ForwardTargets.parse(config.types(), config.topic_prefix());
        });
        Map<String, Object> settings = ForwardTargets.checked(LOG, KafkaForwardConfig.PID, "nothing is forwarded to Kafka",
                () -> ForwardTargets.clientSettings(config.bootstrap_servers(), config.client_settings()));
        adminSettings = Map.copyOf(settings);
        Map<String, UUID> queueOfTopic = new LinkedHashMap<>();      // every queue found or made before the producer and threads start
        for (ForwardTargets.Target t : targets) {
            queueOfTopic.put(t.topic(), queueOf(queues, t, config.queue_max_size()).uuid());
        }
        // durability first: every replica in sync has it, and a retry never writes a unit twice or out of order
        settings.put("acks", "all");
        settings.put("enable.idempotence", "true");
        settings.putIfAbsent("compression.type", "lz4");
        settings.putIfAbsent("linger.ms", "20");
        settings.putIfAbsent("client.id", "d4-forwarder");
        // while the brokers are away the producer keeps the batch and keeps trying, however long: a batch that
        // failed part way would be sent again whole, and the units after the failed one that went would arrive twice
        settings.put("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE));
        settings.put("max.block.ms", Long.toString(Long.MAX_VALUE));
        producer = KafkaClients.producer(settings, new StringSerializer(), new ByteArraySerializer());
        queueOfTopic.forEach((topic, queue) -> loops.put(topic, new ForwardLoop(queues, queue, topic, producer, config.batch(), config.retry_delay_ms())));
        loops.forEach((topic, loop) -> threads.add(new LoopThread("d4-kafka-forward-" + topic, loop, loop::stop, true)));
        LOG.info("Forwarding {} to Kafka at {}", targets.stream().map(ForwardTargets.Target::topic).toList(), config.bootstrap_servers());
    }

    @Activate
    void start() {
        threads.forEach(LoopThread::start);
        watchdog.scheduleWithFixedDelay(() -> {
            try {
                long now = System.nanoTime();
                String[] why = new String[1];       // asked at most once a round, of whichever loop needs it first
                loops.values().forEach(l -> l.checkSending(now, () -> why[0] != null ? why[0] : (why[0] = diagnose(adminSettings))));
            } catch (RuntimeException | LinkageError e) {
                // a task that throws is never run again: the next round should still look
                LOG.warn("Checking the forwarders' sends failed", e);
            }
        }, 5, 5, TimeUnit.SECONDS);
    }

    /**
     * Why the brokers keep the producer waiting, as an admin client sees it: a refused login (wrong
     * password, untrusted certificate) says more than a wait, which is all the producer shows.
     */
    static String diagnose(Map<String, Object> settings) {
        try (Admin admin = KafkaClients.admin(settings)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000)).nodes().get(15, TimeUnit.SECONDS);
            return "the brokers answer, but not with the topic's metadata or room in the producer's buffer";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause instanceof org.apache.kafka.common.errors.TimeoutException ? "no broker answers"
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        } catch (TimeoutException e) {
            return "no broker answers";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "stopping";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The type's local queue: the one made for this topic before (a restart), else a new one. */
    private static QueueInfo queueOf(QueueService queues, ForwardTargets.Target t, int maxSize) {
        String owner = OWNER_PREFIX + t.topic();
        Optional<QueueInfo> known = queues.queues().stream().filter(q -> q.owner().equals(Optional.of(owner))).findFirst();
        return known.orElseGet(() -> queues.create(new QueueSpec(t.selector(), "forwarded to Kafka topic " + t.topic(), maxSize, Optional.of(owner))));
    }

    @Deactivate
    void stop() {
        watchdog.shutdownNow();
        threads.forEach(LoopThread::stop);
        producer.close(Duration.ofSeconds(5));
    }
}
