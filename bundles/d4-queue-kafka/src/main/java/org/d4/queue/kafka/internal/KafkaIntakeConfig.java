// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 Kafka intake", description = "Takes the data units of the listed types from their Kafka topics into this "
        + "appliance's queues, for its analyzers, as one member of a consumer group: appliances of one group share the topics' partitions")
public @interface KafkaIntakeConfig {
    String PID = "d4.queue.kafka.intake";

    @AttributeDefinition(name = "Bootstrap servers", description = "host:port of one or more brokers, comma-separated")
    String bootstrap_servers();

    @AttributeDefinition(name = "Types", description = "the data to take in, comma-separated: a type (3, 8) or 254:<extended type> (254:ja3-jl)")
    String types() default "1,2,3,4,8";

    @AttributeDefinition(name = "Topic prefix", description = "as the forwarding nodes write it")
    String topic_prefix() default "d4.";

    @AttributeDefinition(name = "Consumer group", description = "appliances with the same group share the work; another group gets every unit again")
    String group_id() default "d4-analyzers";

    @AttributeDefinition(name = "Dead letter topic", description = "where the dead letters of this appliance's analyzers go, and leave their "
            + "queue once the brokers have them; empty: they stay in their queue")
    String dead_letter_topic() default "d4.dead-letters";

    @AttributeDefinition(name = "Retry delay (ms)", description = "wait after a failure (brokers away, local queues refusing), before reading again")
    long retry_delay_ms() default 2_000;

    @AttributeDefinition(name = "Client settings", description = "more Kafka consumer settings, key=value, comma-separated (security.protocol, ssl.*, sasl.*)")
    String client_settings() default "";
}
