// SPDX-License-Identifier: Apache-2.0
package org.d4.testkafka.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d4.common.ApplianceDirs;
import org.d4.kafka.clients.KafkaClients;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Once configured, writes {@value #RECORDS} records (keys {@code sensor-0} to {@code sensor-2},
 * {@code acks=all}, idempotent) to a new topic and reads them back with a consumer group, on a
 * thread of its own, inside the appliance's framework; then writes {@code ok <records read>} and the
 * values per key, or {@code failed <exception>}, to {@code data/test-kafka-probe/result}.
 */
@Component(configurationPid = "d4.test.kafka", configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class KafkaProbe {
    static final int RECORDS = 90;

    public @interface Config {
        String bootstrap_servers();

        String topic() default "d4.probe";
    }

    @Activate
    public KafkaProbe(BundleContext context, Config config) throws IOException {
        Path dir = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).data().resolve("test-kafka-probe");
        Files.createDirectories(dir);
        Thread probe = new Thread(() -> run(config, dir.resolve("result")), "d4-test-kafka-probe");
        probe.setDaemon(true);
        probe.start();
    }

    private static void run(Config config, Path result) {
        String outcome;
        try {
            outcome = roundTrip(config.bootstrap_servers(), config.topic());
        } catch (Exception | LinkageError e) {
            outcome = "failed " + e;
        }
        try {
            Path temp = result.resolveSibling("result.tmp");
            Files.writeString(temp, outcome + "\n");
            Files.move(temp, result, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String roundTrip(String servers, String topic) throws Exception {
        try (Admin admin = KafkaClients.admin(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = KafkaClients.producer(Map.of("bootstrap.servers", servers, "acks", "all",
                "enable.idempotence", "true", "compression.type", "lz4"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, "sensor-" + i % 3, Integer.toString(i))).get();
            }
        }
        Map<String, List<String>> perKey = new TreeMap<>();
        int read = 0;
        try (KafkaConsumer<String, String> consumer = KafkaClients.consumer(Map.of("bootstrap.servers", servers, "group.id", "probe",
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < RECORDS && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    perKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                    read++;
                }
            }
            consumer.commitSync();
        }
        return "ok " + read + " " + perKey;
    }
}
