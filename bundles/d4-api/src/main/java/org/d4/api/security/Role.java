// SPDX-License-Identifier: Apache-2.0
package org.d4.api.security;

/** What a user of the appliance may do. */
public enum Role {
    /** Changes anything: sensors, queues, users, configuration. */
    ADMIN,
    /** Reads status and data, changes nothing. */
    USER,
    /** May only register new sensors (the reference server's sensor-register role). */
    SENSOR_REGISTER;

    /** The name used in files, REST bodies and the shell: {@code admin}, {@code user}, {@code sensor-register}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #id()}; throws IllegalArgumentException with the known names otherwise. */
    public static Role fromId(String id) {
        for (Role r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "' (known: admin, user, sensor-register)");
    }
}
