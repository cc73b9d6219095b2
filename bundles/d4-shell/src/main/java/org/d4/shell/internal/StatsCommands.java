// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.registry.ClusterDay;
import org.d4.api.registry.ClusterStatistics;
import org.d4.api.registry.NodeStatistics;
import org.d4.api.registry.SensorStatistics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code d4:stats} command: a UTC day's frames per sensor and per type; {@code d4:cluster}: today's across the cluster. */
@Component(service = StatsCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=stats", "osgi.command.function=cluster"})
public final class StatsCommands {
    private final SensorStatistics statistics;
    // optional: the command works while the sensor port is down
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IngestStatus ingest;
    // only an appliance in a cluster has the cluster's statistics
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClusterStatistics cluster;

    @Activate
    public StatsCommands(@Reference SensorStatistics statistics) {
        this.statistics = statistics;
    }

    @Descriptor("frames of a UTC day per sensor and per type")
    public String stats(@Descriptor("the day, YYYY-MM-DD") @Parameter(names = {"-d", "--day"}, absentValue = "") String day) {
        return CommandAnswers.run(() -> {
            LocalDate date = day.isEmpty() ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(day);
            SortedMap<String, Long> frames = statistics.framesPerSensor(date);
            SortedMap<String, Long> bytes = statistics.bytesPerSensor(date);
            Table sensors = new Table("SENSOR", "FRAMES", "BYTES");
            frames.forEach((s, n) -> sensors.row(s, n, bytes.getOrDefault(s, 0L)));
            Table types = new Table("TYPE", "FRAMES");
            statistics.framesPerType(date).forEach(types::row);
            return "frames on " + date + " (connected now: " + connected().size() + ")\n" + sensors + "\n" + types;
        });
    }

    @Descriptor("today's frames (UTC) across the cluster: each node's share, then per sensor the frames each node took")
    public String cluster() {
        return CommandAnswers.run(() -> {
            ClusterStatistics statistics = cluster;
            if (statistics == null) {
                throw new IllegalStateException("this appliance is not in a cluster (etc/d4.cluster.registry.cfg)");
            }
            ClusterDay day = ClusterDay.of(LocalDate.now(ZoneOffset.UTC), statistics.nodes());
            Table nodes = new Table("NODE", "HOST", "PUBLISHED", "CONNECTED", "FRAMES", "BYTES", "SHARE");
            for (NodeStatistics n : day.nodes()) {
                nodes.row(n.node() + (n.local() ? " (this)" : ""), n.host(), n.at(), n.connectedSensors(), day.frames(n),
                        n.day().equals(day.day()) ? n.bytes() : 0, String.format(Locale.ROOT, "%.1f%%", day.share(n) * 100));
            }
            Table sensors = new Table("SENSOR", "FRAMES", "BYTES", "BY NODE");
            day.framesPerSensor().forEach((s, f) -> sensors.row(s, f, day.bytesPerSensor().getOrDefault(s, 0L), day.framesByNode(s)));
            return "the cluster on " + day.day() + ": " + day.frames() + " frames\n" + nodes + "\n" + sensors;
        });
    }

    private Set<UUID> connected() {
        IngestStatus status = ingest;
        return status == null ? Set.of() : status.connectedSensors();
    }
}
