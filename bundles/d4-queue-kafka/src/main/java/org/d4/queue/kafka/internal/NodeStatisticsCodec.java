// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.d4.api.registry.NodeStatistics;

/**
 * A node's statistics as a record of the statistics topic: lines of text, a header then one line
 * per sensor ({@code s <uuid> <frames> <bytes>}) and per type ({@code t <type> <frames>}). At most
 * {@link #MAX_SENSORS} sensors, the busiest, so a record stays under the producer's 1 MB.
 */
final class NodeStatisticsCodec {
    static final int MAX_SENSORS = 10_000;
    private static final String MAGIC = "d4-node-statistics 1";
    private static final int MAX_LINES = MAX_SENSORS + 300;

    private NodeStatisticsCodec() {
    }

    static byte[] encode(NodeStatistics n) {
        StringBuilder out = new StringBuilder(256 + 64 * Math.min(MAX_SENSORS, n.framesPerSensor().size()));
        out.append(MAGIC).append("\nnode ").append(n.node()).append("\nhost ").append(n.host().replaceAll("\\s", "_")).append("\nat ").append(n.at().toEpochMilli())
                .append("\nday ").append(n.day()).append("\nconnected ").append(n.connectedSensors()).append('\n');
        n.framesPerSensor().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(MAX_SENSORS)
                .forEach(e -> out.append("s ").append(e.getKey()).append(' ').append(e.getValue()).append(' ')
                        .append(n.bytesPerSensor().getOrDefault(e.getKey(), 0L)).append('\n'));
        n.framesPerType().forEach((type, frames) -> out.append("t ").append(type).append(' ').append(frames).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The statistics in a record, or empty when it is not one this codec wrote (left out by the reader). */
    static Optional<NodeStatistics> decode(byte[] value, String localNode) {
        if (value == null) {
            return Optional.empty();
        }
        String[] lines = new String(value, StandardCharsets.UTF_8).split("\n", MAX_LINES + 1);
        if (lines.length < 6 || lines.length > MAX_LINES || !lines[0].equals(MAGIC)) {
            return Optional.empty();
        }
        try {
            String node = field(lines[1], "node");
            String host = field(lines[2], "host");
            Instant at = Instant.ofEpochMilli(Long.parseLong(field(lines[3], "at")));
            LocalDate day = LocalDate.parse(field(lines[4], "day"));
            int connected = Integer.parseInt(field(lines[5], "connected"));
            TreeMap<String, Long> frames = new TreeMap<>();
            TreeMap<String, Long> bytes = new TreeMap<>();
            TreeMap<Integer, Long> types = new TreeMap<>();
            for (int i = 6; i < lines.length; i++) {
                String[] f = lines[i].split(" ");
                if (f.length == 4 && f[0].equals("s")) {
                    String sensor = UUID.fromString(f[1]).toString();
                    frames.put(sensor, count(f[2]));
                    bytes.put(sensor, count(f[3]));
                } else if (f.length == 3 && f[0].equals("t") && Integer.parseInt(f[1]) >= 0 && Integer.parseInt(f[1]) <= 255) {
                    types.put(Integer.parseInt(f[1]), count(f[2]));
                } else if (!lines[i].isEmpty()) {
                    return Optional.empty();
                }
            }
            if (!NodeId.isValid(node) || host.isEmpty() || host.length() > 255 || connected < 0) {
                return Optional.empty();
            }
            return Optional.of(new NodeStatistics(node, host, node.equals(localNode), at, day, connected, frames, bytes, types));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException("expected " + name);
        }
        return line.substring(name.length() + 1);
    }

    private static long count(String text) {
        long n = Long.parseLong(text);
        if (n < 0) {
            throw new IllegalArgumentException("negative count");
        }
        return n;
    }
}
