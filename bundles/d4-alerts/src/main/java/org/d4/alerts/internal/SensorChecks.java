// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.d4.api.alert.Alert.Kind;
import org.d4.api.alert.Alert.Severity;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorError;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.registry.SensorStatus;

/**
 * Sensors: silent (an approved sensor with a monitoring interval that sent nothing for longer than
 * it, as the console's "silent" filter; a sensor never seen is given the interval from its
 * registration) and failing (at least {@code errorThreshold} connection errors within the window,
 * counted from the registry's error events).
 */
final class SensorChecks {
    private final SensorRegistry registry;
    private final SensorStatistics statistics;
    private final RecentEvents errors;
    private final int errorThreshold;

    SensorChecks(SensorRegistry registry, SensorStatistics statistics, RecentEvents errors, int errorThreshold) {
        this.registry = registry;
        this.statistics = statistics;
        this.errors = errors;
        this.errorThreshold = errorThreshold;
    }

    List<Condition> check(Instant now) {
        List<Condition> found = new ArrayList<>();
        for (Sensor s : registry.sensors()) {
            if (s.status() != SensorStatus.APPROVED || s.monitoringIntervalS() <= 0) {
                continue;
            }
            Instant last = statistics.seen(s.uuid()).map(SensorStatistics.Seen::last).orElse(null);
            Instant since = last == null ? s.registeredAt() : last;
            if (since.plusSeconds(s.monitoringIntervalS()).isBefore(now)) {
                found.add(new Condition(Kind.SENSOR_SILENT, s.uuid().toString(), Severity.WARNING, "sensor " + name(s)
                        + (last == null ? " never sent anything" : " sent nothing since " + last)
                        + " (monitoring interval " + s.monitoringIntervalS() + " s)"));
            }
        }
        for (String uuid : errors.subjects()) {
            int count = errors.count(uuid, now);
            if (count >= errorThreshold) {
                java.util.UUID id = java.util.UUID.fromString(uuid);
                java.util.Optional<SensorError> verified = registry.sensor(id).flatMap(Sensor::lastError);
                java.util.Optional<SensorError> unverified = registry.lastUnverifiedError(id);
                String last = java.util.stream.Stream.of(verified, unverified).flatMap(java.util.Optional::stream)
                        .max(java.util.Comparator.comparing(SensorError::at)).map(SensorChecks::describe).orElse("");
                found.add(new Condition(Kind.SENSOR_ERRORS, uuid, Severity.WARNING,
                        "sensor " + uuid + ": " + count + " connection errors recently" + (last.isEmpty() ? "" : "; last: " + last)));
            }
        }
        return found;
    }

    private static String name(Sensor s) {
        return s.description().isBlank() ? s.uuid().toString() : s.uuid() + " (" + s.description() + ")";
    }

    private static String describe(SensorError e) {
        return e.reason() + " from " + e.peer() + " at " + e.at();
    }
}
