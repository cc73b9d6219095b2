// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Set;
import org.apache.felix.webconsole.servlet.User;
import org.d4.api.security.Role;

/**
 * Who is using the console in this request, as the security provider established it: the user's
 * current roles, whether they must first replace a generated password, the session's CSRF token
 * (empty for a script using HTTP basic without a session) and the client's address.
 */
record ConsoleUser(String name, Set<Role> roles, boolean passwordChangeRequired, String csrfToken, String remote) {
    ConsoleUser {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        csrfToken = Objects.requireNonNullElse(csrfToken, "");
        remote = Objects.requireNonNullElse(remote, "");
    }

    boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Sees the D4 pages: an administrator or a user. */
    boolean canRead() {
        return roles.contains(Role.ADMIN) || roles.contains(Role.USER);
    }

    /** The user the console's security layer attached to this request; null outside the console. */
    static ConsoleUser of(HttpServletRequest request) {
        Object attribute = request.getAttribute(User.USER_ATTRIBUTE);
        return attribute instanceof User u && u.getUserObject() instanceof ConsoleUser c ? c : null;
    }
}
