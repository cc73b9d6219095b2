// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.util.Map;
import java.io.IOException;
import java.util.UUID;
import org.d4.api.ingest.ClusterSessions;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection per sensor and type across the cluster ({@code etc/d4.cluster.registry.cfg}, as
 * the shared registry): the nodes say in a compacted topic which connections they hold, and the
 * sensor server refuses a connection another node holds. The node's id is kept in
 * {@code data/cluster/node-id}, so a node that restarts finds and removes its old claims.
 */
@Component(configurationPid = RegistryLinkConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = ClusterSessions.class,
        immediate = true)      // its heartbeat and claims go on whether or not the sensor port is bound to it
// described once, by RegistryLink: one configuration for both
public final class SessionLink implements ClusterSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLink.class);

    private final SessionClaims claims;
    private final LoopThread thread;

    @Activate
    public SessionLink(BundleContext context, RegistryLinkConfig config) throws IOException {
        Map<String, Object> settings = ForwardTargets.checked(LOG, RegistryLinkConfig.PID, "one connection per sensor and type holds per appliance only", () -> {
            ForwardTargets.topic(config.sessions_topic(), "sessions.topic");
            if (config.sessions_topic().equals(config.topic())) {
                throw new IllegalArgumentException("sessions.topic is the registry's topic");
            }
            return ForwardTargets.clientSettings(config.bootstrap_servers(), config.client_settings());
        });
        String node = NodeId.of(context);
        claims = new SessionClaims(node, System::nanoTime, System::currentTimeMillis);
        SessionLoop loop = new SessionLoop(claims, config.sessions_topic(), config.replication_factor(), CompactedTopicLoop.Clients.of(settings, "d4-sessions"),
                config.retry_delay_ms());
        thread = new LoopThread("d4-cluster-sessions", loop, loop::stop, true);      // interrupted: creating the topic may wait
        LOG.info("One connection per sensor and type across the cluster: this node is {} in topic {}", node, config.sessions_topic());
    }

    @Activate
    void start() {
        thread.start();
    }

    @Override
    public boolean claim(UUID uuid, int type, Runnable lost) {
        return claims.claim(uuid, type, lost);
    }

    @Override
    public void release(UUID uuid, int type) {
        claims.release(uuid, type);
    }

    @Deactivate
    void stop() {
        thread.stop();
    }
}
