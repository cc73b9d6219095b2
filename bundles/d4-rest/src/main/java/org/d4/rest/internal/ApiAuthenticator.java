// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.util.Optional;
import org.d4.api.security.AppUser;
import org.d4.api.security.UserDirectory;
import org.d4.common.web.HttpLogins;

/**
 * Who sends a request: {@code Authorization: <token>} as the reference clients send it,
 * {@code Authorization: Bearer <token>}, or HTTP basic with a user's password (counted against the
 * user and the client address for the lockout). The header is read by {@link HttpLogins}, as on
 * every HTTP surface of the appliance; this adds how the caller logged in.
 */
final class ApiAuthenticator {

    /** An authenticated caller; {@code byPassword} for HTTP basic, false for an API token. */
    record Login(AppUser user, boolean byPassword) {}

    private final UserDirectory users;

    ApiAuthenticator(UserDirectory users) {
        this.users = users;
    }

    Optional<Login> authenticate(String header, String remoteAddress) {
        boolean byPassword = HttpLogins.basic(header).isPresent();
        return HttpLogins.authenticate(users, header, remoteAddress).map(user -> new Login(user, byPassword));
    }

    /** The user name an HTTP basic header claims, for the record of a failed login; empty otherwise. */
    static String claimedName(String header) {
        return HttpLogins.basic(header).map(b -> b.name().substring(0, Math.min(b.name().length(), 64))).orElse("");
    }
}
