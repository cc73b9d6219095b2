// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.registry.ClusterStatistics;
import org.d4.api.registry.NodeStatistics;
import org.d4.api.registry.SensorStatistics;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's statistics ({@code etc/d4.cluster.registry.cfg}, as the shared registry): this
 * node publishes its counts of the day (frames and bytes per sensor, frames per type, sensors
 * connected) every 10 s, and every node's latest are shown with each node's share.
 */
@Component(configurationPid = RegistryLinkConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = ClusterStatistics.class,
        immediate = true)      // it publishes whether or not a page reads the cluster's figures
// described once, by RegistryLink: one configuration for the three
public final class StatisticsLink implements ClusterStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsLink.class);

    private final SensorStatistics statistics;
    private final String node;
    private final String host = NodeId.hostName();
    private final Clock clock = Clock.systemUTC();
    private final StatisticsLoop loop;
    private final LoopThread thread;
    // optional: a node without the sensor port (analysis only) counts no sensor connected
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IngestStatus ingest;

    @Activate
    public StatisticsLink(BundleContext context, @Reference SensorStatistics statistics, RegistryLinkConfig config) throws IOException {
        this.statistics = statistics;
        Map<String, Object> settings = ForwardTargets.checked(LOG, RegistryLinkConfig.PID, "the statistics stay this appliance's own", () -> {
            ForwardTargets.topic(config.statistics_topic(), "statistics.topic");
            if (config.statistics_topic().equals(config.topic()) || config.statistics_topic().equals(config.sessions_topic())) {
                throw new IllegalArgumentException("statistics.topic is the registry's or the sessions' topic");
            }
            return ForwardTargets.clientSettings(config.bootstrap_servers(), config.client_settings());
        });
        node = NodeId.of(context);
        loop = new StatisticsLoop(node, this::local, config.statistics_topic(), config.replication_factor(),
                CompactedTopicLoop.Clients.of(settings, "d4-statistics"), config.retry_delay_ms());
        thread = new LoopThread("d4-cluster-statistics", loop, loop::stop, true);      // interrupted: creating the topic may wait
    }

    @Activate
    void start() {
        thread.start();
    }

    /** This node's counts of the day, as they are now. */
    private NodeStatistics local() {
        LocalDate day = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        IngestStatus port = ingest;
        return new NodeStatistics(node, host, true, clock.instant(), day, port == null ? 0 : port.connectedSensors().size(),
                statistics.framesPerSensor(day), statistics.bytesPerSensor(day), statistics.framesPerType(day));
    }

    @Override
    public List<NodeStatistics> nodes() {
        return loop.nodes();
    }

    @Deactivate
    void stop() {
        thread.stop();
    }
}
