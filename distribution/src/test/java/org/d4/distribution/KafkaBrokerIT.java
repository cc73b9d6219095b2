// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d4.itest.KafkaBroker;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test harness's Kafka broker (KRaft, from the Maven Central artifacts, no containers): records
 * written with the durable producer settings come back in order per key, also after the broker was
 * killed and started again on its data; while it is down, a producer with a short delivery timeout
 * fails instead of waiting forever.
 */
class KafkaBrokerIT {
    @AutoClose
    static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start();
    }

    @Test
    void recordsSurviveAKilledBrokerInOrderPerKey() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("d4.3", 3, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer(120_000)) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("d4.3", "sensor-" + i % 3, Integer.toString(i))).get();
            }
        }
        broker.kill();
        try (KafkaProducer<String, String> producer = producer(3_000)) {
            // without metadata the send itself gives up after max.block.ms; with it, the delivery after delivery.timeout.ms
            Exception down = assertThrows(Exception.class, () -> producer.send(new ProducerRecord<>("d4.3", "sensor-0", "lost")).get());
            Throwable cause = down instanceof ExecutionException ? down.getCause() : down;
            assertEquals("TimeoutException", cause.getClass().getSimpleName(), down.toString());
        }
        broker.startAgain();

        Map<String, List<Integer>> perKey = new java.util.TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "probe", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("d4.3"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int seen = 0;
            while (seen < 300 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    perKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Integer.parseInt(r.value()));
                    seen++;
                }
            }
        }
        for (int k = 0; k < 3; k++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = k; i < 300; i += 3) {
                expected.add(i);
            }
            assertEquals(expected, perKey.get("sensor-" + k), "sensor-" + k + ": all of them, in the order sent");
        }
    }

    private static KafkaProducer<String, String> producer(int deliveryTimeoutMs) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all", "enable.idempotence", "true",
                "delivery.timeout.ms", deliveryTimeoutMs, "request.timeout.ms", Math.min(deliveryTimeoutMs / 2, 30_000), "max.block.ms", deliveryTimeoutMs),
                new StringSerializer(), new StringSerializer());
    }
}
