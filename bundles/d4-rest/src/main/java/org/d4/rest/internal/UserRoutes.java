// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.d4.api.security.Role;
import org.d4.api.security.UserAdmin;

/** Users and API tokens, for administrators. */
final class UserRoutes {
    private final UserAdmin users;

    UserRoutes(UserAdmin users) {
        this.users = users;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/users", Role.ADMIN, c -> users.users()),
                Route.of("POST", "/users", Role.ADMIN, c -> users.createUser(c.text("name"), c.text("password").toCharArray(), roles(c.body()))),
                Route.of("DELETE", "/users/([^/]+)", Role.ADMIN, c -> {
                    users.deleteUser(c.param(0));
                    return Map.of("status", "ok");
                }),
                Route.of("PUT", "/users/([^/]+)", Role.ADMIN, this::update),
                Route.of("POST", "/users/([^/]+)/tokens", Role.ADMIN, c -> Map.of("token", users.createToken(c.param(0)))),
                Route.of("DELETE", "/users/([^/]+)/tokens/([0-9a-f]{8,64})", Role.ADMIN, c -> {
                    if (!users.revokeToken(c.param(0), c.param(1))) {
                        throw ApiError.notFound("no such token");
                    }
                    return Map.of("status", "ok");
                }));
    }

    private Object update(Call c) {
        String name = c.param(0);
        String password = c.optionalText("password");
        if (password != null) {
            users.setPassword(name, password.toCharArray(), c.body().path("must_change").asBoolean(false));
        }
        if (c.body().has("roles")) {
            return users.setRoles(name, roles(c.body()));
        }
        if (password == null) {
            throw ApiError.badRequest("nothing to change: give password and/or roles");
        }
        return users.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    private static Set<Role> roles(JsonNode body) {
        JsonNode roles = body.get("roles");
        if (roles == null || !roles.isArray() || roles.isEmpty()) {
            throw ApiError.badRequest("roles must be a non-empty array of admin, user, sensor-register");
        }
        Set<Role> result = EnumSet.noneOf(Role.class);
        for (JsonNode r : roles) {
            try {
                result.add(Role.fromId(r.asText()));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }
        return result;
    }
}
