// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.util.Optional;
import java.util.OptionalInt;

/** The settings an administrator changes on a sensor; empty fields stay as they are. */
public record SensorChange(Optional<String> hmacKey, Optional<String> description, Optional<String> mail,
        OptionalInt maxBufferedEntries, OptionalInt monitoringIntervalS) {

    public static SensorChange none() {
        return new SensorChange(Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    public SensorChange withHmacKey(String key) {
        return new SensorChange(Optional.of(key), description, mail, maxBufferedEntries, monitoringIntervalS);
    }

    public SensorChange withDescription(String text) {
        return new SensorChange(hmacKey, Optional.of(text), mail, maxBufferedEntries, monitoringIntervalS);
    }

    public SensorChange withMail(String address) {
        return new SensorChange(hmacKey, description, Optional.of(address), maxBufferedEntries, monitoringIntervalS);
    }

    public SensorChange withMaxBufferedEntries(int max) {
        return new SensorChange(hmacKey, description, mail, OptionalInt.of(max), monitoringIntervalS);
    }

    public SensorChange withMonitoringIntervalS(int seconds) {
        return new SensorChange(hmacKey, description, mail, maxBufferedEntries, OptionalInt.of(seconds));
    }
}
