// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.registry.SensorStatistics;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** The {@code d4:stats} command: a UTC day's frames per sensor and per type. */
@Component(service = StatsCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=stats"})
public final class StatsCommands {
    private final SensorStatistics statistics;
    // optional: the command works while the sensor port is down
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IngestStatus ingest;

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

    private Set<UUID> connected() {
        IngestStatus status = ingest;
        return status == null ? Set.of() : status.connectedSensors();
    }
}
