// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The per-frame rules a server applies to headers, as functions returning a readable error (empty
 * when the rule holds), so callers decide how to react and what to record. Stateless; null
 * arguments throw {@link NullPointerException}.
 */
public final class FrameChecks {

    private FrameChecks() {
    }

    /** Only version {@value FrameHeader#CURRENT_VERSION} exists. */
    public static Optional<String> version(FrameHeader header) {
        return header.version() == FrameHeader.CURRENT_VERSION ? Optional.empty()
                : Optional.of("unsupported protocol version " + header.version() + " (expected "
                        + FrameHeader.CURRENT_VERSION + ")");
    }

    /** The sensor UUID must be an RFC 4122 version-4 UUID. */
    public static Optional<String> uuid(UUID uuid) {
        if (FrameHeader.isVersion4(uuid)) {
            return Optional.empty();
        }
        String kind = uuid.variant() == 2 ? "a version-" + uuid.version() + " UUID" : "not an RFC 4122 UUID (variant "
                + uuid.variant() + ")";
        return Optional.of("sensor UUID " + uuid + " is " + kind + ", a version-4 UUID is required");
    }

    /** The type must be in the table of PROTOCOL.md and not reserved. */
    public static Optional<String> knownType(int type) {
        return D4Type.of(type).filter(t -> t != D4Type.RESERVED).isPresent() ? Optional.empty()
                : Optional.of("type " + D4Type.describe(type) + " is not a D4 payload type");
    }

    /** The type must be one the caller accepts. */
    public static Optional<String> acceptedType(int type, Set<Integer> accepted) {
        return accepted.contains(type) ? Optional.empty()
                : Optional.of("type " + D4Type.describe(type) + " is not accepted here (accepted: "
                        + new TreeSet<>(accepted) + ")");
    }

    /** The announced size must not exceed {@code max}. */
    public static Optional<String> size(long size, long max) {
        return size <= max ? Optional.empty()
                : Optional.of("the frame announces " + size + " payload bytes, the limit is " + max);
    }

    /** The first failing rule among version, UUID and accepted type, in that order. */
    public static Optional<String> header(FrameHeader header, Set<Integer> acceptedTypes) {
        return version(header).or(() -> uuid(header.uuid())).or(() -> acceptedType(header.type(), acceptedTypes));
    }
}
