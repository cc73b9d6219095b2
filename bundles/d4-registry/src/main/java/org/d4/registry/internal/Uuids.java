// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.util.UUID;
import org.d4.api.registry.RegistryException;
import org.d4.api.registry.RegistryException.Problem;
import org.d4.protocol.FrameChecks;

/** The UUID rule of the protocol (version 4, RFC 4122 variant), as the protocol codec states it. */
final class Uuids {
    private Uuids() {
    }

    static UUID requireVersion4(UUID uuid) {
        if (uuid == null) {
            throw new RegistryException(Problem.INVALID, "invalid UUID: none given");
        }
        FrameChecks.uuid(uuid).ifPresent(problem -> {
            throw new RegistryException(Problem.INVALID, "invalid UUID: " + problem);
        });
        return uuid;
    }
}
