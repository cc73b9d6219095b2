// SPDX-License-Identifier: Apache-2.0
package org.d4.client.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a load run does. Parsed from {@code --name value} arguments; {@link #usage()} documents them.
 */
record BenchOptions(String host, int port, String key, int sensors, int frameSize, int type, long seconds, long bytes,
        double rate, boolean latency, boolean probe, Path ca, Path uuidFile, int patienceSeconds) {

    static String usage() {
        return String.join("\n",
                "usage: d4-client bench --key KEY [options]",
                "Streams D4 frames over TLS from N concurrent sensors (distinct v4 UUIDs) and reports throughput.",
                "The server must accept the UUIDs: shared-secret mode with KEY as default key, or --uuids with registered sensors.",
                "  --host HOST          server (default 127.0.0.1; IPv6 as ::1)",
                "  --port PORT          sensor port (default 4443)",
                "  --key KEY            HMAC key (the text of the key file)",
                "  --sensors N          concurrent sensors (default 1)",
                "  --frame-size BYTES   payload bytes per frame (default 65536)",
                "  --type T             frame type (default 3)",
                "  --seconds T          stop after T seconds (default 10)",
                "  --bytes B            stop after B payload bytes in total (default: no limit)",
                "  --rate R             frames per second per sensor (default: as fast as possible)",
                "  --latency            report percentiles of the time to hand each frame to the connection",
                "  --probe              each frame carries one line 'probe <epoch microseconds>' instead of random bytes,",
                "                       for measuring the time from sensor to analyzer (use with --type 8 or 3 and --rate)",
                "  --ca FILE            verify the server against this PEM certificate (default: no verification, as sensors do)",
                "  --uuids FILE         one registered sensor UUID per line, used in order instead of random ones",
                "  --patience S         a refused or failed connect is tried again after up to 2 s, for S seconds (default 10),",
                "                       as sensors do when thousands start at once");
    }

    static BenchOptions parse(String[] args) {
        String host = "127.0.0.1";
        int port = 4443;
        String key = null;
        int sensors = 1;
        int frameSize = 65536;
        int type = 3;
        long seconds = 10;
        long bytes = Long.MAX_VALUE;
        double rate = 0;
        boolean latency = false;
        boolean probe = false;
        Path ca = null;
        Path uuids = null;
        int patience = 10;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String name = rest.remove(0);
            if (name.equals("--latency")) {
                latency = true;
                continue;
            }
            if (name.equals("--probe")) {
                probe = true;
                continue;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = rest.remove(0);
            try {
                switch (name) {
                    case "--host" -> host = value;
                    case "--port" -> port = range(name, Integer.parseInt(value), 1, 65535);
                    case "--key" -> key = value;
                    case "--sensors" -> sensors = range(name, Integer.parseInt(value), 1, 100_000);
                    case "--frame-size" -> frameSize = range(name, Integer.parseInt(value), 0, 100_000_000);
                    case "--type" -> type = range(name, Integer.parseInt(value), 0, 255);
                    case "--seconds" -> seconds = range(name, Integer.parseInt(value), 1, 86_400);
                    case "--bytes" -> bytes = Long.parseLong(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--ca" -> ca = Path.of(value);
                    case "--uuids" -> uuids = Path.of(value);
                    case "--patience" -> patience = range(name, Integer.parseInt(value), 0, 86_400);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number, not '" + value + "'");
            }
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("--key is required");
        }
        if (bytes <= 0 || rate < 0) {
            throw new IllegalArgumentException("--bytes and --rate must be positive");
        }
        return new BenchOptions(host, port, key, sensors, frameSize, type, seconds, bytes, rate, latency, probe, ca, uuids, patience);
    }

    private static int range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
        }
        return value;
    }
}
