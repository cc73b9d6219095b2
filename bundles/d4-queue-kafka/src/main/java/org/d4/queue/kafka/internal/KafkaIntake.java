// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * forwards a type or takes it in, never both: the units would go round.
 */
@Component(configurationPid = KafkaIntakeConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = KafkaIntakeConfig.class)
public final class KafkaIntake {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaIntake.class);

    private final IntakeLoop loop;
    private final Thread thread;

    @Activate
    public KafkaIntake(@Reference QueueService queues, KafkaIntakeConfig config) {
        Map<String, QueueSelector> topics = new LinkedHashMap<>();
        Map<String, Object> settings;
        try {
            List<ForwardTargets.Target> targets = ForwardTargets.parse(config.types(), config.topic_prefix());
            for (ForwardTargets.Target t : targets) {
                Optional<String> forwarded = Optional.of(KafkaForwarder.OWNER_PREFIX + t.topic());
                if (queues.queues().stream().anyMatch(q -> q.owner().equals(forwarded))) {
                    throw new IllegalArgumentException("this appliance forwards " + t.topic() + " to Kafka; taking it in too would send its units round");
                }
                topics.put(t.topic(), t.selector());
            }
            settings = ForwardTargets.clientSettings(config.bootstrap_servers(), config.client_settings());
            if (config.group_id().isBlank()) {
                throw new IllegalArgumentException("group.id is empty");
            }
        } catch (IllegalArgumentException e) {
            String problem = KafkaIntakeConfig.PID + ": " + e.getMessage() + "; nothing is taken from Kafka";
            LOG.error(problem);
            throw new IllegalArgumentException(problem, e);
        }
        settings.put("group.id", config.group_id());
        settings.put("enable.auto.commit", "false");          // committed once the units are in the local queues
        settings.putIfAbsent("auto.offset.reset", "earliest");
        settings.putIfAbsent("client.id", "d4-intake");
        loop = new IntakeLoop(queues, topics, () -> KafkaClients.consumer(settings, new StringDeserializer(), new ByteArrayDeserializer()),
                config.retry_delay_ms());
        thread = new Thread(loop, "d4-kafka-intake");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void stop() {
        loop.stop();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
