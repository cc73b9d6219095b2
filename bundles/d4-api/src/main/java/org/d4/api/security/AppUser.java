// SPDX-License-Identifier: Apache-2.0
package org.d4.api.security;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated user of the appliance.
 *
 * @param name                  login name
 * @param roles                 what the user may do; never null
 * @param passwordChangeRequired true while the user still has a generated password
 */
public record AppUser(String name, Set<Role> roles, boolean passwordChangeRequired) {
    public AppUser {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role);
    }
}
