// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.d4.api.security.AppUser;
import org.d4.api.security.UserDirectory;

/**
 * Who sends a request: {@code Authorization: <token>} as the reference clients send it,
 * {@code Authorization: Bearer <token>}, or HTTP basic with a user's password (counted against the
 * user and the client address for the lockout).
 */
final class ApiAuthenticator {

    /** An authenticated caller; {@code byPassword} for HTTP basic, false for an API token. */
    record Login(AppUser user, boolean byPassword) {}

    private final UserDirectory users;

    ApiAuthenticator(UserDirectory users) {
        this.users = users;
    }

    Optional<Login> authenticate(String header, String remoteAddress) {
        if (header == null || header.isBlank() || header.length() > 4096) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(value.substring(6).strip(), remoteAddress).map(u -> new Login(u, true));
        }
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return users.authenticateToken(value).map(u -> new Login(u, false));
    }

    /** The user name an HTTP basic header claims, for the record of a failed login; empty otherwise. */
    static String claimedName(String header) {
        if (header == null || header.length() > 4096 || !header.strip().regionMatches(true, 0, "Basic ", 0, 6)) {
            return "";
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.strip().substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? "" : decoded.substring(0, Math.min(colon, 64));
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private Optional<AppUser> basic(String encoded, String remoteAddress) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return users.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray(), remoteAddress);
    }
}
