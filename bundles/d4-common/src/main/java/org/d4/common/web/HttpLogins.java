// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.d4.api.security.AppUser;
import org.d4.api.security.UserDirectory;

/**
 * Who sends an HTTP request, read the same way on every surface of the appliance: the
 * {@code Authorization} header holds an API token as the reference clients send it,
 * {@code Bearer <token>}, or HTTP basic with a user's password. Password logins name the
 * request's remote address, so that repeated failures lock out the user and the address.
 */
public final class HttpLogins {
    /** Longer headers are refused unread. */
    static final int MAX_HEADER = 4096;

    private HttpLogins() {
    }

    /** A user name and password from HTTP basic. */
    public record Basic(String name, char[] password) {
    }

    /** The user of a token or of basic credentials in the request's Authorization header. */
    public static Optional<AppUser> authenticate(UserDirectory users, HttpServletRequest request) {
        return authenticate(users, request.getHeader("Authorization"), request.getRemoteAddr());
    }

    /** The user of an Authorization header value: a token, {@code Bearer <token>} or {@code Basic ...}. */
    public static Optional<AppUser> authenticate(UserDirectory users, String header, String remoteAddress) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        String value = header.strip();
        if (isBasic(value)) {
            return basic(value).flatMap(b -> users.authenticate(b.name(), b.password(), remoteAddress));
        }
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return value.isEmpty() ? Optional.empty() : users.authenticateToken(value);
    }

    /** Authenticates basic credentials only (the web console's login). */
    public static Optional<AppUser> authenticateBasic(UserDirectory users, HttpServletRequest request) {
        return basic(request.getHeader("Authorization"))
                .flatMap(b -> users.authenticate(b.name(), b.password(), request.getRemoteAddr()));
    }

    /** The credentials of an HTTP basic header value ({@code Basic base64(name:password)}); empty for anything else. */
    public static Optional<Basic> basic(String header) {
        if (header == null || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        String value = header.strip();
        if (!isBasic(value)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Basic(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray()));
    }

    private static boolean isBasic(String value) {
        return value.regionMatches(true, 0, "Basic ", 0, 6);
    }
}
