// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Cross-site request forgery defence for every state-changing console request. A browser request
 * (one with an {@code Origin} or {@code Referer}, or one riding on a login session) must come from the
 * console's own origin, and on the D4 pages must also carry the session's token; Felix's own pages
 * cannot send the token, so for them the same-origin check suffices (browsers always send
 * {@code Origin} with a POST). A script using HTTP basic sends neither header nor cookie and no
 * browser can be made to send such a request cross-site, so it needs no token.
 */
final class CsrfCheck {
    /** The form field (and header) carrying the token. */
    static final String FIELD = "csrf";
    static final String HEADER = "X-D4-CSRF";
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfCheck() {
    }

    /** A new unguessable token for a session. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The request as the check sees it. */
    record Request(String scheme, String host, String origin, String referer, boolean sessionLogin, String sessionToken,
            String sentToken) {}

    /** Why the request is refused, empty when it may proceed. */
    static Optional<String> refusal(Request r, boolean d4Page) {
        String own = (r.scheme() + "://" + r.host()).toLowerCase(Locale.ROOT);
        if (r.origin() != null && !r.origin().toLowerCase(Locale.ROOT).equals(own)) {
            return Optional.of("cross-origin request refused (Origin " + r.origin() + ")");
        }
        if (r.origin() == null && r.referer() != null && !r.referer().toLowerCase(Locale.ROOT).startsWith(own + "/")) {
            return Optional.of("cross-origin request refused (Referer)");
        }
        boolean browser = r.origin() != null || r.referer() != null || r.sessionLogin();
        if (!browser) {
            return Optional.empty();
        }
        if (d4Page) {
            return tokensMatch(r.sessionToken(), r.sentToken()) ? Optional.empty() : Optional.of("missing or wrong CSRF token");
        }
        return r.origin() == null && r.referer() == null ? Optional.of("request without Origin refused") : Optional.empty();
    }

    static boolean tokensMatch(String expected, String sent) {
        if (expected == null || expected.isEmpty() || sent == null || sent.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }
}
