// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 Kafka forwarding", description = "Forwards the data units of the listed types from this appliance's "
        + "durable queues to Apache Kafka, one topic per type, keyed by sensor UUID; the local queue holds them while the brokers are away")
public @interface KafkaForwardConfig {
    String PID = "d4.queue.kafka";

    @AttributeDefinition(name = "Bootstrap servers", description = "host:port of one or more brokers, comma-separated")
    String bootstrap_servers();

    @AttributeDefinition(name = "Types", description = "the data to forward, comma-separated: a type (3, 8) or 254:<extended type> (254:ja3-jl)")
    String types() default "1,2,3,4,8";

    @AttributeDefinition(name = "Topic prefix", description = "a type's topic is the prefix and the type (d4.3), or the extended type (d4.254.ja3-jl)")
    String topic_prefix() default "d4.";

    @AttributeDefinition(name = "Local queue size", description = "the most units the local queue of a type holds while the brokers are away; beyond, the oldest are dropped and counted")
    int queue_max_size() default 1_000_000;

    @AttributeDefinition(name = "Batch", description = "units sent before waiting for the brokers' acknowledgement")
    int batch() default 2_000;

    @AttributeDefinition(name = "Retry delay (ms)", description = "wait after the brokers refused or did not answer, before sending again")
    long retry_delay_ms() default 2_000;

    @AttributeDefinition(name = "Client settings", description = "more Kafka producer settings, key=value, comma-separated: security.protocol=SSL, "
            + "ssl.truststore.location=..., sasl.mechanism=SCRAM-SHA-512, sasl.jaas.config=... (acks=all and idempotence are always on)")
    String client_settings() default "";
}
