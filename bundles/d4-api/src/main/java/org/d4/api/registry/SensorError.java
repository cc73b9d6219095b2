// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * Why the server last closed a connection of a sensor.
 *
 * @param at     when
 * @param peer   the remote address, as text
 * @param type   the frame type of the connection, -1 if none was read
 * @param reason a readable explanation, e.g. "HMAC verification failed"
 */
public record SensorError(Instant at, String peer, int type, String reason) {
    public SensorError {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
    }
}
