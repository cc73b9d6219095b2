// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d4.api.queue.FeedStatus;
import org.d4.api.queue.QueueFeed;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueService;
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
 * Takes the configured types from Kafka into this appliance's queues ({@code etc/d4.queue.kafka.intake.cfg}),
 * where its analyzers, RESP and REST read them as if its own sensors had sent them. A node either
 * forwards a type or takes it in, never both: the units would go round. The dead letters of its
 * analyzers go to a topic of their own ({@code dead.letter.topic}). Its lag and rate are on the
 * analyzers page ({@link QueueFeed}).
 */
@Component(configurationPid = KafkaIntakeConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = QueueFeed.class,
        immediate = true)      // it runs whether or not a page shows its status
@Designate(ocd = KafkaIntakeConfig.class)
public final class KafkaIntake implements QueueFeed {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIntake.class);

    private final String origin;
    private final IntakeLoop loop;
    private final LoopThread thread;
    private final Optional<DeadLetterExport> deadLetters;
    private final Optional<Producer<String, byte[]>> deadLetterProducer;
    private final Optional<LoopThread> deadLetterThread;

    @Activate
    public KafkaIntake(@Reference QueueService queues, KafkaIntakeConfig config) {
        Map<String, QueueSelector> topics = new LinkedHashMap<>();
        Map<String, Object> settings = ForwardTargets.checked(LOG, KafkaIntakeConfig.PID, "nothing is taken from Kafka", () -> {
            for (ForwardTargets.Target t : ForwardTargets.parse(config.types(), config.topic_prefix())) {
                Optional<String> forwarded = Optional.of(KafkaForwarder.OWNER_PREFIX + t.topic());
                if (queues.queues().stream().anyMatch(q -> q.owner().equals(forwarded))) {
                    throw new IllegalArgumentException("this appliance forwards " + t.topic() + " to Kafka; taking it in too would send its units round");
                }
                topics.put(t.topic(), t.selector());
            }
            if (config.group_id().isBlank()) {
                throw new IllegalArgumentException("group.id is empty");
            }
            if (!config.dead_letter_topic().isEmpty()) {
                ForwardTargets.topic(config.dead_letter_topic(), "dead.letter.topic");
                if (topics.containsKey(config.dead_letter_topic())) {
                    throw new IllegalArgumentException("dead.letter.topic is one of the topics taken in: dead letters would come back as data");
                }
            }
            return ForwardTargets.clientSettings(config.bootstrap_servers(), config.client_settings());
        });
        origin = "group " + config.group_id() + " at " + config.bootstrap_servers();
        Map<String, Object> consumer = new HashMap<>(settings);
        consumer.put("group.id", config.group_id());
        consumer.put("enable.auto.commit", "false");          // committed once the units are in the local queues
        consumer.putIfAbsent("auto.offset.reset", "earliest");
        consumer.putIfAbsent("client.id", "d4-intake");
        loop = new IntakeLoop(queues, topics, () -> KafkaClients.consumer(consumer, new StringDeserializer(), new ByteArrayDeserializer()),
                config.retry_delay_ms());
        if (config.dead_letter_topic().isEmpty()) {
            deadLetterProducer = Optional.empty();
            deadLetters = Optional.empty();
        } else {
            Map<String, Object> producer = new HashMap<>(settings);
            producer.put("acks", "all");
            producer.put("enable.idempotence", "true");
            producer.putIfAbsent("client.id", "d4-dead-letters");
            deadLetterProducer = Optional.of(KafkaClients.producer(producer, new StringSerializer(), new ByteArraySerializer()));
            deadLetters = Optional.of(new DeadLetterExport(queues, config.dead_letter_topic(), deadLetterProducer.get(), NodeId.hostName(), config.retry_delay_ms()));
        }
        thread = new LoopThread("d4-kafka-intake", loop, loop::stop, false);       // woken up, not interrupted: the consumer would throw
        deadLetterThread = deadLetters.map(export -> new LoopThread("d4-kafka-dead-letters", export, export::stop, true));
    }

    @Activate
    void start() {
        thread.start();
        deadLetterThread.ifPresent(LoopThread::start);
    }

    @Override
    public FeedStatus status() {
        Map<String, Object> details = new LinkedHashMap<>();
        if (!loop.held().isEmpty()) {
            details.put("waiting for a local queue (no analyzer yet)", String.join(", ", loop.held()));
        }
        deadLetters.ifPresent(d -> {
            details.put("dead letters sent to Kafka", d.sent());
            d.problem().ifPresent(p -> details.put("dead letters waiting", p));
        });
        return new FeedStatus("Kafka intake", origin, loop.sources(), loop.problem(), details);
    }

    @Deactivate
    void stop() {
        thread.stop();
        deadLetterThread.ifPresent(LoopThread::stop);
        deadLetterProducer.ifPresent(p -> p.close(Duration.ofSeconds(5)));
    }
}
