// SPDX-License-Identifier: Apache-2.0
package org.d4.client.bench;

import java.nio.file.Path;

/**
 * What a load run does, from the options of {@code d4-client bench} ({@code org.d4.client.cli.BenchSubcommand},
 * which documents them).
 *
 * @param bytes payload bytes in total before stopping, {@link Long#MAX_VALUE} for no limit
 * @param rate frames per second per sensor, 0 for as fast as possible
 * @param ca the certificate the server is verified against, or null for no verification
 * @param uuidFile registered sensor UUIDs, one a line, or null for random ones
 */
public record BenchOptions(String host, int port, String key, int sensors, int frameSize, int type, long seconds, long bytes,
        double rate, boolean latency, boolean probe, Path ca, Path uuidFile, int patienceSeconds) {
}
