// SPDX-License-Identifier: Apache-2.0
package org.d4.kafka.clients;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka clients made inside OSGi. Kafka loads the classes its settings name (metric reporters,
 * partition assignors, SASL login modules, even its own defaults) through the thread's context
 * class loader when there is one, and in a framework that loader is rarely one that sees Kafka: the
 * clients are therefore made with this bundle's loader as the context, which sees every class of
 * kafka-clients. Classes of the caller's own are passed as instances (serializers), never by name.
 */
public final class KafkaClients {
    private KafkaClients() {
    }

    public static <K, V> KafkaProducer<K, V> producer(Map<String, Object> settings, Serializer<K> keys, Serializer<V> values) {
        return withKafkaLoader(() -> new KafkaProducer<>(settings, keys, values));
    }

    public static <K, V> KafkaConsumer<K, V> consumer(Map<String, Object> settings, Deserializer<K> keys, Deserializer<V> values) {
        return withKafkaLoader(() -> new KafkaConsumer<>(settings, keys, values));
    }

    public static Admin admin(Map<String, Object> settings) {
        return withKafkaLoader(() -> Admin.create(settings));
    }

    private static <T> T withKafkaLoader(Supplier<T> make) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaProducer.class.getClassLoader());
        try {
            return make.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
