// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.util.Locale;

/** How the server decides which sensors may connect. */
public enum ServerMode {
    /** Only registered and approved sensors, each with its own key (the default). */
    REGISTRATION,
    /** Any v4 UUID, with the server's default key unless the sensor has its own. */
    SHARED_SECRET;

    /** {@code registration} or {@code shared-secret}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ServerMode fromId(String id) {
        for (ServerMode m : values()) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        throw new RegistryException(RegistryException.Problem.INVALID, "unknown server mode '" + id + "' (registration or shared-secret)");
    }
}
