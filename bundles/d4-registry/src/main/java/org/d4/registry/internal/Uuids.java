// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.util.UUID;
import org.d4.api.registry.RegistryException;
import org.d4.api.registry.RegistryException.Problem;

/** The UUID rule of the protocol: version 4 with the RFC 4122 variant. */
final class Uuids {
    private Uuids() {
    }

    static boolean isVersion4(UUID uuid) {
        return uuid.version() == 4 && uuid.variant() == 2;
    }

    static UUID requireVersion4(UUID uuid) {
        if (uuid == null || !isVersion4(uuid)) {
            throw new RegistryException(Problem.INVALID, "invalid UUID " + uuid + ": a sensor UUID must be version 4");
        }
        return uuid;
    }
}
