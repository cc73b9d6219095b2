// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The cluster's counts of one UTC day: the sum of the nodes' that are of that day (a node last
 * heard from on an earlier day counts nothing), and each node's share.
 *
 * @param day             the UTC day
 * @param nodes           every node, as {@link ClusterStatistics#nodes()} gave them
 * @param framesPerSensor frames of the day per sensor UUID, all nodes
 * @param bytesPerSensor  payload bytes of the day per sensor UUID, all nodes
 * @param framesPerType   frames of the day per type, all nodes
 */
public record ClusterDay(LocalDate day, List<NodeStatistics> nodes, SortedMap<String, Long> framesPerSensor, SortedMap<String, Long> bytesPerSensor,
        SortedMap<Integer, Long> framesPerType) {
    public ClusterDay {
        nodes = List.copyOf(nodes);
        framesPerSensor = Collections.unmodifiableSortedMap(new TreeMap<>(framesPerSensor));
        bytesPerSensor = Collections.unmodifiableSortedMap(new TreeMap<>(bytesPerSensor));
        framesPerType = Collections.unmodifiableSortedMap(new TreeMap<>(framesPerType));
    }

    /** Sums the nodes' counts of {@code day}. */
    public static ClusterDay of(LocalDate day, List<NodeStatistics> nodes) {
        TreeMap<String, Long> frames = new TreeMap<>();
        TreeMap<String, Long> bytes = new TreeMap<>();
        TreeMap<Integer, Long> types = new TreeMap<>();
        for (NodeStatistics n : nodes) {
            if (n.day().equals(day)) {
                n.framesPerSensor().forEach((k, v) -> frames.merge(k, v, Long::sum));
                n.bytesPerSensor().forEach((k, v) -> bytes.merge(k, v, Long::sum));
                n.framesPerType().forEach((k, v) -> types.merge(k, v, Long::sum));
            }
        }
        return new ClusterDay(day, nodes, frames, bytes, types);
    }

    /** Frames of the day, all nodes. */
    public long frames() {
        return framesPerSensor.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The node's frames of the day (0 when its counts are of another day). */
    public long frames(NodeStatistics node) {
        return node.day().equals(day) ? node.frames() : 0;
    }

    /** The node's share of the day's frames, 0 to 1 (0 while the cluster has none). */
    public double share(NodeStatistics node) {
        long all = frames();
        return all == 0 ? 0 : frames(node) / (double) all;
    }

    /** The sensor's frames of the day on each node that has some, by node id. */
    public Map<String, Long> framesByNode(String sensor) {
        TreeMap<String, Long> out = new TreeMap<>();
        for (NodeStatistics n : nodes) {
            Long f = n.day().equals(day) ? n.framesPerSensor().get(sensor) : null;
            if (f != null && f > 0) {
                out.put(n.node(), f);
            }
        }
        return out;
    }
}
