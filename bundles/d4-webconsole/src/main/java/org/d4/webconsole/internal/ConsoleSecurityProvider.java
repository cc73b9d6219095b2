// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.api.security.UserDirectory;
import org.d4.common.web.HttpLogins;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Web console login against the appliance users (HTTP basic, so scripts and curl work too). The
 * launcher's framework property {@code felix.webconsole.security.providers=d4} makes the console
 * wait for this provider, so the console's built-in admin/admin never answers, not even during
 * start-up.
 */
@Component(property = SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID)
public final class ConsoleSecurityProvider implements SecurityProvider {
    static final String ID = "d4";
    static final String REALM = "D4 appliance";

    private final UserDirectory users;

    @Activate
    public ConsoleSecurityProvider(@Reference UserDirectory users) {
        this.users = users;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        Optional<AppUser> user = HttpLogins.authenticateBasic(users, request);
        if (user.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return null;
        }
        return user.get();
    }

    /** Until per-page roles arrive with the D4 pages, the console is for administrators only. */
    @Override
    public boolean authorize(Object user, String role) {
        return user instanceof AppUser u && u.hasRole(Role.ADMIN);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // basic authentication has no server-side session to end
    }
}
