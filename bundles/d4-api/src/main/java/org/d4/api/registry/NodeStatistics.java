// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One node's statistics as it last published them.
 *
 * @param node             the node's id in the cluster
 * @param host             its host name
 * @param local            whether it is this appliance
 * @param at               when it published them
 * @param day              the UTC day of the counts
 * @param connectedSensors sensors with a verified connection to it then
 * @param framesPerSensor  frames of the day per sensor UUID
 * @param bytesPerSensor   payload bytes of the day per sensor UUID
 * @param framesPerType    frames of the day per type
 */
public record NodeStatistics(String node, String host, boolean local, Instant at, LocalDate day, int connectedSensors,
        SortedMap<String, Long> framesPerSensor, SortedMap<String, Long> bytesPerSensor, SortedMap<Integer, Long> framesPerType) {
    public NodeStatistics {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(day, "day");
        framesPerSensor = Collections.unmodifiableSortedMap(new TreeMap<>(framesPerSensor));
        bytesPerSensor = Collections.unmodifiableSortedMap(new TreeMap<>(bytesPerSensor));
        framesPerType = Collections.unmodifiableSortedMap(new TreeMap<>(framesPerType));
    }

    /** Frames of the day, all sensors. */
    public long frames() {
        return sum(framesPerSensor);
    }

    /** Payload bytes of the day, all sensors. */
    public long bytes() {
        return sum(bytesPerSensor);
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
