// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.util.Set;
import java.util.UUID;
import org.apache.felix.service.command.Descriptor;
import org.d4.api.ingest.IngestStatus;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.registry.SensorStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Commands in scope {@code d4} about sensors: list, show, approve, reject, delete and kick them. */
@Component(service = SensorCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=sensors",
        "osgi.command.function=sensor", "osgi.command.function=pending", "osgi.command.function=approve",
        "osgi.command.function=reject", "osgi.command.function=delete", "osgi.command.function=kick"})
public final class SensorCommands {
    private final SensorRegistry registry;
    private final SensorStatistics statistics;
    // optional: the commands work while the sensor port is down
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile IngestStatus ingest;

    @Activate
    public SensorCommands(@Reference SensorRegistry registry, @Reference SensorStatistics statistics) {
        this.registry = registry;
        this.statistics = statistics;
    }

    @Descriptor("list the sensors the registry knows, with their status")
    public String sensors() {
        return CommandAnswers.run(() -> {
            Set<UUID> connected = connected();
            Table t = new Table("UUID", "STATUS", "CONNECTED", "LAST SEEN", "DESCRIPTION", "LAST ERROR");
            for (Sensor s : registry.sensors()) {
                t.row(s.uuid(), CommandArguments.id(s.status()), connected.contains(s.uuid()) ? "yes" : "no",
                        statistics.seen(s.uuid()).map(seen -> seen.last().toString()).orElse("-"), s.description(),
                        s.lastError().map(e -> e.reason()).orElse("-"));
            }
            return t.toString();
        });
    }

    @Descriptor("show one sensor: settings, first and last seen, types, last addresses, last error")
    public String sensor(@Descriptor("the sensor's UUID") String uuid) {
        return CommandAnswers.run(() -> {
            UUID id = CommandArguments.uuid(uuid);
            Sensor s = registry.sensor(id).orElseThrow(() -> new IllegalArgumentException("no such sensor: " + id));
            Table t = new Table("FIELD", "VALUE");
            t.row("uuid", s.uuid()).row("status", CommandArguments.id(s.status())).row("connected", connected().contains(id) ? "yes" : "no")
                    .row("description", s.description()).row("mail", s.mail()).row("own key", s.hasKey() ? "yes" : "no")
                    .row("max buffered entries", s.maxBufferedEntries()).row("monitoring interval s", s.monitoringIntervalS())
                    .row("registered", s.registeredAt())
                    .row("first seen", statistics.seen(id).map(x -> x.first().toString()).orElse("-"))
                    .row("last seen", statistics.seen(id).map(x -> x.last().toString()).orElse("-"))
                    .row("types", statistics.seenTypes(id).keySet())
                    .row("last addresses", String.join(" ", statistics.lastAddresses(id)))
                    .row("last error", s.lastError().map(e -> e.at() + " " + e.reason()).orElse("-"))
                    .row("last unverified error", registry.lastUnverifiedError(id).map(e -> e.at() + " " + e.peer() + " " + e.reason()).orElse("-"));
            return t.toString();
        });
    }

    @Descriptor("list the sensors waiting for approval")
    public String pending() {
        return CommandAnswers.run(() -> {
            Table t = new Table("UUID", "REGISTERED", "DESCRIPTION", "MAIL");
            for (Sensor s : registry.sensors()) {
                if (s.status() == SensorStatus.PENDING) {
                    t.row(s.uuid(), s.registeredAt(), s.description(), s.mail());
                }
            }
            return t.toString();
        });
    }

    @Descriptor("approve a pending sensor")
    public String approve(@Descriptor("the sensor's UUID") String uuid) {
        return CommandAnswers.run(() -> "approved " + registry.approve(CommandArguments.uuid(uuid)).uuid());
    }

    @Descriptor("reject a pending sensor")
    public String reject(@Descriptor("the sensor's UUID") String uuid) {
        return CommandAnswers.run(() -> {
            UUID id = CommandArguments.uuid(uuid);
            Sensor s = registry.sensor(id).orElseThrow(() -> new IllegalArgumentException("no such sensor: " + id));
            if (s.status() != SensorStatus.PENDING) {
                throw new IllegalArgumentException("sensor " + id + " is " + CommandArguments.id(s.status()) + ", not pending: use delete");
            }
            return "rejected " + registry.delete(id).uuid();
        });
    }

    @Descriptor("delete a sensor (its history stays) and disconnect it")
    public String delete(@Descriptor("the sensor's UUID") String uuid) {
        return CommandAnswers.run(() -> "deleted " + registry.delete(CommandArguments.uuid(uuid)).uuid());
    }

    @Descriptor("close a sensor's connections and refuse it for 30 s")
    public String kick(@Descriptor("the sensor's UUID") String uuid) {
        return CommandAnswers.run(() -> {
            UUID id = CommandArguments.uuid(uuid);
            registry.kick(id);
            return "kicked " + id + registry.kickedUntil(id).map(u -> " until " + u).orElse("");
        });
    }

    private Set<UUID> connected() {
        IngestStatus status = ingest;
        return status == null ? Set.of() : status.connectedSensors();
    }
}
