// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.util.List;
import java.util.Map;
import org.d4.api.security.Role;
import org.d4.api.security.UserAdmin;

/**
 * What every user does to their own account ({@code /me}), and administrators to anyone's SSH
 * keys. {@code PUT /me/password} is the one request a user with a generated password may make.
 */
final class SelfRoutes {
    static final String CHANGE_PASSWORD = "/me/password";
    private final UserAdmin users;

    SelfRoutes(UserAdmin users) {
        this.users = users;
    }

    /** What a user who logs in with a generated password may do before replacing it. */
    static boolean allowedBeforePasswordChange(String path) {
        return path.equals("/me") || path.equals(CHANGE_PASSWORD);
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/me", null, c -> Map.of("name", c.user().name(), "roles", c.user().roles().stream().map(Role::id).sorted().toList(),
                        "password_change_required", c.user().passwordChangeRequired())),
                Route.of("PUT", CHANGE_PASSWORD, null, c -> {
                    users.changeOwnPassword(c.user().name(), c.text("current_password").toCharArray(), c.text("new_password").toCharArray(), c.remote());
                    return Map.of("status", "ok");
                }),
                Route.of("GET", "/me/keys", null, c -> users.authorizedKeys(c.user().name())),
                Route.of("POST", "/me/keys", null, c -> users.addAuthorizedKey(c.user().name(), c.text("key"))),
                Route.of("DELETE", "/me/keys", null, c -> removeKey(c, c.user().name())),
                Route.of("GET", "/users/([^/]+)/keys", Role.ADMIN, c -> users.authorizedKeys(c.param(0))),
                Route.of("POST", "/users/([^/]+)/keys", Role.ADMIN, c -> users.addAuthorizedKey(c.param(0), c.text("key"))),
                Route.of("DELETE", "/users/([^/]+)/keys", Role.ADMIN, c -> removeKey(c, c.param(0))));
    }

    // by query parameter: a fingerprint (SHA256:base64) may hold '/', which a path segment cannot
    private Object removeKey(Call c, String name) {
        String fingerprint = c.query().apply("fingerprint");
        if (fingerprint == null || fingerprint.isEmpty()) {
            throw ApiError.badRequest("missing parameter: fingerprint (SHA256:... as listed)");
        }
        if (!users.removeAuthorizedKey(name, fingerprint)) {
            throw ApiError.notFound("user " + name + " has no key " + fingerprint);
        }
        return Map.of("status", "ok");
    }
}
