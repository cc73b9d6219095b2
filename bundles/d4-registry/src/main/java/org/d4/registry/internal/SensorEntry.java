// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorError;
import org.d4.api.registry.SensorStatus;

/** How a sensor is kept in the store (JSON); times in epoch milliseconds. */
record SensorEntry(String uuid, SensorStatus status, String key, String description, String mail, int maxBufferedEntries,
        int monitoringIntervalS, long registeredAt, ErrorEntry lastError) {

    record ErrorEntry(long at, String peer, int type, String reason) {}

    Sensor toSensor() {
        Optional<SensorError> error = lastError == null ? Optional.empty()
                : Optional.of(new SensorError(Instant.ofEpochMilli(lastError.at()), lastError.peer(), lastError.type(), lastError.reason()));
        return new Sensor(UUID.fromString(uuid), status, key != null && !key.isEmpty(), description, mail, maxBufferedEntries,
                monitoringIntervalS, Instant.ofEpochMilli(registeredAt), error);
    }

    SensorEntry withStatus(SensorStatus newStatus) {
        return new SensorEntry(uuid, newStatus, key, description, mail, maxBufferedEntries, monitoringIntervalS, registeredAt, lastError);
    }

    SensorEntry withError(ErrorEntry error) {
        return new SensorEntry(uuid, status, key, description, mail, maxBufferedEntries, monitoringIntervalS, registeredAt, error);
    }
}
