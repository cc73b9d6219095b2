// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.d4.api.security.AppUser;
import org.d4.api.security.UserDirectory;

/**
 * Who sends a request: {@code Authorization: <token>} as the reference clients send it,
 * {@code Authorization: Bearer <token>}, or HTTP basic with a user's password.
 */
final class ApiAuthenticator {
    private final UserDirectory users;

    ApiAuthenticator(UserDirectory users) {
        this.users = users;
    }

    Optional<AppUser> authenticate(String header) {
        if (header == null || header.isBlank() || header.length() > 4096) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(value.substring(6).strip());
        }
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return users.authenticateToken(value);
    }

    private Optional<AppUser> basic(String encoded) {
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
        return users.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray());
    }
}
