// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which data a queue receives: one frame type, for type 254 one extended type, and optionally only
 * the data of some sensors (an empty set means every sensor).
 *
 * @param type         the D4 frame type, 1 to 254 (0 is reserved)
 * @param extendedType for type 254 the extended type (required then, absent otherwise)
 * @param sensors      the sensor group; empty for all sensors
 */
public record QueueSelector(int type, Optional<String> extendedType, Set<UUID> sensors) {
    /** Extended type names as the registry accepts them; they also appear in RESP list names. */
    public static final Pattern EXTENDED_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public QueueSelector {
        extendedType = Objects.requireNonNullElse(extendedType, Optional.empty());
        sensors = Set.copyOf(Objects.requireNonNullElse(sensors, Set.of()));
        if (type < 1 || type > 254) {
            throw new IllegalArgumentException("type must be 1 to 254, not " + type);
        }
        if (type == 254 && extendedType.isEmpty()) {
            throw new IllegalArgumentException("type 254 needs an extended type");
        }
        if (type != 254 && extendedType.isPresent()) {
            throw new IllegalArgumentException("an extended type goes with type 254 only");
        }
        extendedType.ifPresent(e -> {
            if (!EXTENDED_TYPE.matcher(e).matches()) {
                throw new IllegalArgumentException("invalid extended type: " + e);
            }
        });
    }

    public static QueueSelector of(int type) {
        return new QueueSelector(type, Optional.empty(), Set.of());
    }

    public static QueueSelector extended(String extendedType) {
        return new QueueSelector(254, Optional.of(extendedType), Set.of());
    }

    /** The same data, restricted to these sensors (empty: all). */
    public QueueSelector withSensors(Set<UUID> group) {
        return new QueueSelector(type, extendedType, group);
    }

    /** True when data of this type, extended type and sensor belongs in the queue. */
    public boolean matches(int dataType, Optional<String> dataExtendedType, UUID sensor) {
        return type == dataType && (type != 254 || extendedType.equals(dataExtendedType))
                && (sensors.isEmpty() || sensors.contains(sensor));
    }

    /** The type as it appears in a queue's list name: {@code 8}, or the extended type for 254. */
    public String key() {
        return extendedType.orElse(Integer.toString(type));
    }
}
