// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 cluster registry", description = "Shares the registry (sensors, keys, approvals, blacklists, accepted types, "
        + "server mode, kicks) with the other appliances of a cluster through one compacted Kafka topic, and the sensors' connections "
        + "through another: one connection per sensor and type across the cluster; and each node's statistics through a third")
public @interface RegistryLinkConfig {
    String PID = "d4.cluster.registry";

    @AttributeDefinition(name = "Bootstrap servers", description = "host:port of one or more brokers, comma-separated")
    String bootstrap_servers();

    @AttributeDefinition(name = "Topic", description = "the compacted topic of the cluster's registry; created with one partition when missing")
    String topic() default "d4.registry";

    @AttributeDefinition(name = "Sessions topic", description = "the compacted topic where the nodes say which sensor connections they hold "
            + "(one connection per sensor and type across the cluster); created with one partition when missing")
    String sessions_topic() default "d4.sessions";

    @AttributeDefinition(name = "Statistics topic", description = "the compacted topic where each node publishes its statistics of the day "
            + "every 10 s, for the cluster's view with each node's share; created with one partition when missing")
    String statistics_topic() default "d4.statistics";

    @AttributeDefinition(name = "Replication factor", description = "of the topics when this appliance creates them (-1: the brokers' default)")
    short replication_factor() default -1;

    @AttributeDefinition(name = "Retry delay (ms)", description = "wait after a failure (brokers away) before trying again")
    long retry_delay_ms() default 2_000;

    @AttributeDefinition(name = "Client settings", description = "more Kafka client settings, key=value, comma-separated (security.protocol, ssl.*, sasl.*)")
    String client_settings() default "";
}
