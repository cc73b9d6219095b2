// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A sensor as the registry knows it. Its HMAC key is never part of this value (see
 * {@link SensorRegistry#key(UUID)}), so listings can be shown and logged safely.
 *
 * @param uuid               the sensor's v4 UUID
 * @param status             pending, approved or deleted
 * @param hasKey             whether it has a key of its own
 * @param description        free text, empty if none
 * @param mail               contact address, empty if none
 * @param maxBufferedEntries limit of entries buffered for it (0: server default)
 * @param monitoringIntervalS seconds without data after which it is reported (0: not monitored)
 * @param registeredAt       when it registered
 * @param lastError          the last connection error recorded against it
 */
public record Sensor(UUID uuid, SensorStatus status, boolean hasKey, String description, String mail, int maxBufferedEntries,
        int monitoringIntervalS, Instant registeredAt, Optional<SensorError> lastError) {
    public Sensor {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(status, "status");
        description = Objects.requireNonNullElse(description, "");
        mail = Objects.requireNonNullElse(mail, "");
        Objects.requireNonNull(registeredAt, "registeredAt");
        lastError = Objects.requireNonNullElse(lastError, Optional.empty());
    }
}
