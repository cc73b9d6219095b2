// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import java.util.Locale;

/**
 * Who may do what in the console, decided on the path below {@code /system/console} and the method:
 * an {@code admin} may do everything; a {@code user} reads the D4 pages and the console's static
 * resources, changes only their own password, and sees none of the console's other pages (bundles,
 * configuration, ...), which would let them change the appliance; nobody else gets in.
 */
final class AccessRules {
    /** The D4 pages share this label prefix. */
    static final String D4_PREFIX = "d4-";
    /** The one change a user may make: their own password, on the users page. */
    static final String OWN_PASSWORD_ACTION = "password";

    enum Decision { ALLOW, FORBIDDEN }

    private AccessRules() {
    }

    static boolean isReading(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> true;
            default -> false;
        };
    }

    /** The first path segment below the console root: a plugin label, {@code res}, or empty. */
    static String label(String consolePath) {
        String p = consolePath.startsWith("/") ? consolePath.substring(1) : consolePath;
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(0, slash);
    }

    static boolean isD4Page(String consolePath) {
        return label(consolePath).startsWith(D4_PREFIX);
    }

    /**
     * @param consolePath the decoded path below the console root, e.g. {@code /d4-sensors} or {@code /bundles/12}
     * @param action      the {@code action} form field of a change, null if none
     */
    static Decision decide(ConsoleUser user, String method, String consolePath, String action) {
        if (user.isAdmin()) {
            return Decision.ALLOW;
        }
        if (!user.canRead()) {
            return Decision.FORBIDDEN;
        }
        String label = label(consolePath);
        boolean reading = isReading(method);
        // the console's static resources, its root (redirected to the dashboard) and its own logout link
        if (label.equals("res") || label.isEmpty() || label.equals("logout")) {
            return reading ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        if (!label.startsWith(D4_PREFIX)) {
            return Decision.FORBIDDEN;
        }
        if (reading) {
            return Decision.ALLOW;
        }
        return label.equals(UsersPage.LABEL) && OWN_PASSWORD_ACTION.equals(action) ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /**
     * Whether a path is one the console may serve at all: no empty, dot or dot-dot segments and no
     * path parameters, so that no spelling of a path reaches a page under another page's rules.
     */
    static boolean isCanonical(String consolePath) {
        if (consolePath.contains(";") || consolePath.contains("\\") || consolePath.contains("//")) {
            return false;
        }
        for (String segment : consolePath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
