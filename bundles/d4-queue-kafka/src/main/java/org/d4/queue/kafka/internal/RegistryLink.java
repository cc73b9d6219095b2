// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d4.api.registry.RegistryReplica;
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
 * Makes this appliance's registry one replica of the cluster's ({@code etc/d4.cluster.registry.cfg}):
 * a sensor approved, a key changed, an address blacklisted or a sensor kicked on any node applies on
 * all. The cluster's state is one compacted topic (key {@code map/key}, value the entry, a tombstone
 * when removed) that every node reads from its start when it joins and then follows.
 */
@Component(configurationPid = RegistryLinkConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RegistryLinkConfig.class)
public final class RegistryLink {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryLink.class);

    private final RegistryLoop loop;
    private final Thread thread;

    @Activate
    public RegistryLink(@Reference RegistryReplica replica, RegistryLinkConfig config) {
        Map<String, Object> settings;
        try {
            if (!config.topic().matches("[A-Za-z0-9._-]{1,200}")) {
                throw new IllegalArgumentException("topic may hold letters, digits, '.', '_' and '-' only, not '" + config.topic() + "'");
            }
            if (config.retry_delay_ms() < 1) {
                throw new IllegalArgumentException("retry.delay.ms must be at least 1");
            }
            settings = ForwardTargets.clientSettings(config.bootstrap_servers(), config.client_settings());
        } catch (IllegalArgumentException e) {
            String problem = RegistryLinkConfig.PID + ": " + e.getMessage() + "; the registry stays this appliance's own";
            LOG.error(problem);
            throw new IllegalArgumentException(problem, e);
        }
        Map<String, Object> producer = new HashMap<>(settings);
        producer.put("acks", "all");
        producer.put("enable.idempotence", "true");
        producer.putIfAbsent("client.id", "d4-registry-out");
        // brokers away: the send fails within half a minute and the loop joins again later (changes are kept)
        producer.putIfAbsent("max.block.ms", "10000");
        producer.putIfAbsent("request.timeout.ms", "10000");
        producer.putIfAbsent("delivery.timeout.ms", "30000");
        Map<String, Object> consumer = new HashMap<>(settings);
        consumer.put("enable.auto.commit", "false");     // no group: each node reads the whole topic
        consumer.put("auto.offset.reset", "earliest");
        consumer.putIfAbsent("client.id", "d4-registry-in");
        loop = new RegistryLoop(replica, config.topic(), config.replication_factor(), new RegistryLoop.Clients(
                () -> KafkaClients.admin(settings),
                () -> KafkaClients.producer(producer, new StringSerializer(), new ByteArraySerializer()),
                () -> KafkaClients.consumer(consumer, new StringDeserializer(), new ByteArrayDeserializer())), config.retry_delay_ms());
        thread = new Thread(loop, "d4-cluster-registry");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void stop() {
        loop.stop();
        thread.interrupt();      // a send waiting for the brokers' acknowledgement
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
