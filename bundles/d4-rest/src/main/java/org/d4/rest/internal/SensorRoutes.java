// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorChange;
import org.d4.api.registry.SensorError;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.security.Role;

/** Sensor registration (reference-compatible) and the sensor resources of the operator API. */
final class SensorRoutes {
    private static final String UUID_RE = "([^/]+)";

    private final SensorRegistry registry;
    private final SensorStatistics statistics;

    SensorRoutes(SensorRegistry registry, SensorStatistics statistics) {
        this.registry = registry;
        this.statistics = statistics;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/add/sensor/register", Role.SENSOR_REGISTER, this::register),
                Route.of("GET", "/sensors/monitoring/errors", Role.USER, c -> registry.sensorsWithErrors().stream().map(this::errorView).toList()),
                Route.of("GET", "/sensors", Role.USER, c -> registry.sensors().stream().map(this::view).toList()),
                Route.of("GET", "/sensors/" + UUID_RE, Role.USER, c -> detail(c.uuidParam(0))),
                Route.of("POST", "/sensors/" + UUID_RE + "/approve", Role.ADMIN, c -> view(registry.approve(c.uuidParam(0)))),
                Route.of("DELETE", "/sensors/" + UUID_RE, Role.ADMIN, c -> view(registry.delete(c.uuidParam(0)))),
                Route.of("PUT", "/sensors/" + UUID_RE, Role.ADMIN, this::update),
                Route.of("POST", "/sensors/" + UUID_RE + "/kick", Role.ADMIN, this::kick));
    }

    private Object register(Call c) {
        UUID uuid = Call.uuid(c.text("uuid"), "uuid");
        String key = c.text("hmac_key");
        Sensor sensor = registry.register(uuid, key, c.optionalText("description"), c.optionalText("mail"));
        return Map.of("uuid", sensor.uuid().toString());
    }

    private Object update(Call c) {
        UUID uuid = c.uuidParam(0);
        SensorChange change = SensorChange.none();
        String key = c.optionalText("hmac_key");
        if (key != null) {
            change = change.withHmacKey(key);
        }
        String description = c.optionalText("description");
        if (description != null) {
            change = change.withDescription(description);
        }
        String mail = c.optionalText("mail");
        if (mail != null) {
            change = change.withMail(mail);
        }
        Integer max = c.optionalInt("max_buffered_entries");
        if (max != null) {
            change = change.withMaxBufferedEntries(max);
        }
        Integer interval = c.optionalInt("monitoring_interval_s");
        if (interval != null) {
            change = change.withMonitoringIntervalS(interval);
        }
        return view(registry.update(uuid, change));
    }

    private Object kick(Call c) {
        UUID uuid = c.uuidParam(0);
        registry.sensor(uuid).orElseThrow(() -> ApiError.notFound("no sensor " + uuid));
        registry.kick(uuid);
        return Map.of("uuid", uuid.toString(), "kicked_until", registry.kickedUntil(uuid).map(Object::toString).orElse(""));
    }

    Map<String, Object> view(Sensor s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("uuid", s.uuid().toString());
        v.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
        v.put("description", s.description());
        v.put("mail", s.mail());
        v.put("has_key", s.hasKey());
        v.put("max_buffered_entries", s.maxBufferedEntries());
        v.put("monitoring_interval_s", s.monitoringIntervalS());
        v.put("registered_at", s.registeredAt().toString());
        statistics.seen(s.uuid()).ifPresent(seen -> {
            v.put("first_seen", seen.first().toString());
            v.put("last_seen", seen.last().toString());
        });
        v.put("last_error", s.lastError().map(SensorRoutes::errorFields).orElse(null));
        v.put("last_unverified_error", registry.lastUnverifiedError(s.uuid()).map(SensorRoutes::errorFields).orElse(null));
        return v;
    }

    private Map<String, Object> detail(UUID uuid) {
        Sensor sensor = registry.sensor(uuid).orElseThrow(() -> ApiError.notFound("no sensor " + uuid));
        Map<String, Object> v = view(sensor);
        v.put("last_ips", statistics.lastAddresses(uuid));
        Map<String, Object> types = new LinkedHashMap<>();
        statistics.seenTypes(uuid).forEach((type, seen) -> types.put(type.toString(),
                Map.of("first_seen", seen.first().toString(), "last_seen", seen.last().toString())));
        v.put("types", types);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        v.put("frames_today", statistics.framesPerSensor(today).getOrDefault(uuid.toString(), 0L));
        v.put("bytes_today", statistics.bytesPerSensor(today).getOrDefault(uuid.toString(), 0L));
        registry.kickedUntil(uuid).ifPresent(until -> v.put("kicked_until", until.toString()));
        return v;
    }

    private Map<String, Object> errorView(Sensor s) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("uuid", s.uuid().toString());
        s.lastError().ifPresent(e -> {
            v.put("error", e.reason());
            v.put("time", e.at().toString());
            v.put("peer", e.peer());
            v.put("type", e.type());
        });
        registry.lastUnverifiedError(s.uuid()).ifPresent(e -> v.put("unverified_error", errorFields(e)));
        return v;
    }

    /** An error as JSON; the unverified ones come from connections that never proved the sensor's key. */
    private static Map<String, Object> errorFields(SensorError e) {
        return Map.of("time", e.at().toString(), "peer", e.peer(), "type", e.type(), "reason", e.reason());
    }
}
