// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.util.Map;
import org.d4.api.registry.RegistryReplica;
import org.osgi.service.component.ComponentConstants;
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

    private final RegistryReplica replica;
    private final LoopThread thread;

    @Activate
    public RegistryLink(@Reference RegistryReplica replica, RegistryLinkConfig config) {
        this.replica = replica;
        Map<String, Object> settings = ForwardTargets.checked(LOG, RegistryLinkConfig.PID, "the registry stays this appliance's own", () -> {
            ForwardTargets.topic(config.topic(), "topic");
            if (config.retry_delay_ms() < 1) {
                throw new IllegalArgumentException("retry.delay.ms must be at least 1");
            }
            return ForwardTargets.clientSettings(config.bootstrap_servers(), config.client_settings());
        });
        RegistryLoop loop = new RegistryLoop(replica, config.topic(), config.replication_factor(), CompactedTopicLoop.Clients.of(settings, "d4-registry"),
                config.retry_delay_ms());
        thread = new LoopThread("d4-cluster-registry", loop, loop::stop, true);      // interrupted: a send waiting for the brokers
    }

    @Activate
    void start() {
        thread.start();
    }

    @Deactivate
    void stop(int reason) {
        thread.stop();
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            replica.leave();      // no longer a member: changes made here stop piling up for a cluster
        }
    }
}
