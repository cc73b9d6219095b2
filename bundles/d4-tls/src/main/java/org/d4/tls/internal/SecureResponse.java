// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.Locale;

/**
 * A response that always carries the endpoint's security headers: never framed
 * ({@code X-Frame-Options: DENY} and CSP {@code frame-ancestors 'none'}, merged into any policy a
 * servlet sets, so there is one policy), never sniffed, no referrer to other sites, never stored by
 * a cache (answers hold what only a logged-in user may see; the console's own scripts and styles
 * are small). A servlet setting one of these headers gets the safe value; a reset puts them back.
 */
final class SecureResponse extends HttpServletResponseWrapper {
    static final String CSP = "Content-Security-Policy";
    static final String FRAME_ANCESTORS = "frame-ancestors 'none'";

    SecureResponse(HttpServletResponse response) {
        super(response);
    }

    void applyDefaults() {
        HttpServletResponse response = (HttpServletResponse) getResponse();
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader(CSP, FRAME_ANCESTORS);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cache-Control", "no-store");
    }

    /** A servlet's policy with {@code frame-ancestors 'none'} in place of any frame-ancestors it names. */
    static String mergedPolicy(String policy) {
        StringBuilder merged = new StringBuilder();
        for (String directive : policy == null ? new String[0] : policy.split(";")) {
            String trimmed = directive.strip();
            if (trimmed.isEmpty() || trimmed.toLowerCase(Locale.ROOT).startsWith("frame-ancestors")) {
                continue;
            }
            merged.append(trimmed).append("; ");
        }
        return merged.append(FRAME_ANCESTORS).toString();
    }

    // the value a servlet may give a header this response controls; null to leave the header as it is
    private static String safeValue(String name, String value) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "content-security-policy" -> mergedPolicy(value);
            case "x-frame-options" -> "DENY";
            case "x-content-type-options" -> "nosniff";
            case "referrer-policy" -> "same-origin";
            case "cache-control" -> "no-store";
            default -> value;
        };
    }

    private static boolean controlled(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy", "cache-control" -> true;
            default -> false;
        };
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, name == null ? value : safeValue(name, value));
    }

    @Override
    public void addHeader(String name, String value) {
        if (name != null && controlled(name)) {
            // a second header would be a second policy: merge into the one there is
            String current = getHeader(name);
            String combined = name.equalsIgnoreCase(CSP) && current != null && value != null ? current + "; " + value : value;
            super.setHeader(name, safeValue(name, combined));
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void reset() {
        super.reset();
        applyDefaults();
    }
}
