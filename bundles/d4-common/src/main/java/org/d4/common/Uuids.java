// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import java.util.Optional;
import java.util.UUID;

/** UUIDs typed by people and scripts (REST, shell, console forms). */
public final class Uuids {
    private Uuids() {
    }

    /**
     * The UUID written in its canonical 36-character form, in either case; empty for anything else,
     * including the shortened forms {@link UUID#fromString} lets through (such as {@code 1-2-3-4-5}).
     */
    public static Optional<UUID> parseCanonical(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
