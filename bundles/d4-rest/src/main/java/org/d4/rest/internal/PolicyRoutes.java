// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.ServerMode;
import org.d4.api.security.Role;

/** Blacklists, accepted types and the server mode. */
final class PolicyRoutes {
    private final AccessPolicy policy;

    PolicyRoutes(AccessPolicy policy) {
        this.policy = policy;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/blacklist/uuid", Role.USER, c -> policy.blacklistedUuids().stream().map(Object::toString).toList()),
                Route.of("POST", "/blacklist/uuid", Role.ADMIN, c -> changed(policy.blacklist(Call.uuid(c.text("uuid"), "uuid")))),
                Route.of("POST", "/blacklist/uuid/([^/]+)", Role.ADMIN, c -> changed(policy.blacklist(c.uuidParam(0)))),
                Route.of("DELETE", "/blacklist/uuid/([^/]+)", Role.ADMIN, c -> found(policy.unblacklist(c.uuidParam(0)), "UUID not blacklisted")),
                Route.of("GET", "/blacklist/ip", Role.USER, c -> List.copyOf(policy.blacklistedIps())),
                Route.of("POST", "/blacklist/ip", Role.ADMIN, c -> changed(policy.blacklist(Call.address(c.text("ip"))))),
                Route.of("POST", "/blacklist/ip/([^/]+)", Role.ADMIN, c -> changed(policy.blacklist(c.addressParam(0)))),
                Route.of("DELETE", "/blacklist/ip/([^/]+)", Role.ADMIN, c -> found(policy.unblacklist(c.addressParam(0)), "address not blacklisted")),
                Route.of("GET", "/blacklist/ip-by-uuid", Role.USER, c -> policy.ipBlacklistingUuids().stream().map(Object::toString).toList()),
                Route.of("POST", "/blacklist/ip-by-uuid/([^/]+)", Role.ADMIN, c -> changed(policy.blacklistIpOf(c.uuidParam(0)))),
                Route.of("DELETE", "/blacklist/ip-by-uuid/([^/]+)", Role.ADMIN, c -> found(policy.unblacklistIpOf(c.uuidParam(0)), "UUID not listed")),
                Route.of("GET", "/types", Role.USER, c -> List.copyOf(policy.acceptedTypes())),
                Route.of("POST", "/types", Role.ADMIN, c -> changed(policy.acceptType(typeNumber(c.body().path("type").asText(null))))),
                Route.of("POST", "/types/([0-9]+)", Role.ADMIN, c -> changed(policy.acceptType(typeNumber(c.param(0))))),
                Route.of("DELETE", "/types/([0-9]+)", Role.ADMIN, c -> found(policy.refuseType(typeNumber(c.param(0))), "type not accepted")),
                Route.of("GET", "/types/extended", Role.USER, c -> List.copyOf(policy.acceptedExtendedTypes())),
                Route.of("POST", "/types/extended", Role.ADMIN, c -> changed(policy.acceptExtendedType(c.text("name")))),
                Route.of("POST", "/types/extended/([^/]+)", Role.ADMIN, c -> changed(policy.acceptExtendedType(c.param(0)))),
                Route.of("DELETE", "/types/extended/([^/]+)", Role.ADMIN, c -> found(policy.refuseExtendedType(c.param(0)), "extended type not accepted")),
                Route.of("GET", "/server", Role.USER, c -> server()),
                Route.of("PUT", "/server", Role.ADMIN, this::setServer));
    }

    private Map<String, Object> server() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("mode", policy.mode().id());
        v.put("default_key_set", policy.defaultKey().isPresent());
        v.put("accepted_types", List.copyOf(policy.acceptedTypes()));
        v.put("accepted_extended_types", List.copyOf(policy.acceptedExtendedTypes()));
        return v;
    }

    private Object setServer(Call c) {
        String mode = c.optionalText("mode");
        String key = c.optionalText("default_key");
        if (mode == null && key == null) {
            throw ApiError.badRequest("nothing to change: give mode and/or default_key");
        }
        policy.setMode(mode == null ? policy.mode() : ServerMode.fromId(mode), key);
        return server();
    }

    private static Map<String, Object> changed(boolean changed) {
        return Map.of("status", "ok", "changed", changed);
    }

    private static Map<String, Object> found(boolean removed, String notFound) {
        if (!removed) {
            throw ApiError.notFound(notFound);
        }
        return changed(true);
    }

    private static int typeNumber(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid type: " + text);
        }
    }
}
