// SPDX-License-Identifier: Apache-2.0
package org.d4.api.ingest;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One sensor connection, as a payload handler sees it once its first frame was verified.
 *
 * @param id           unique id of the connection, for logs and file names
 * @param sensor       the sensor UUID
 * @param type         the frame type (254 for extended types)
 * @param extendedType the extended type of a type-254 session, from its meta header
 * @param metaHeader   the meta header's fields (empty unless type 254)
 * @param peer         the remote address
 * @param startedAt    when the first frame was verified
 */
public record SessionInfo(String id, UUID sensor, int type, Optional<String> extendedType, Map<String, Object> metaHeader,
        InetAddress peer, Instant startedAt) {
    public SessionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sensor, "sensor");
        extendedType = Objects.requireNonNullElse(extendedType, Optional.empty());
        metaHeader = Map.copyOf(Objects.requireNonNullElse(metaHeader, Map.of()));
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(startedAt, "startedAt");
    }
}
