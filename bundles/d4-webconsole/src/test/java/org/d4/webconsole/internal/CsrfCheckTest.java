// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CsrfCheckTest {
    static final String HOST = "127.0.0.1:7000";
    static final String OWN = "https://127.0.0.1:7000";

    private static boolean allowed(String origin, String referer, boolean session, String sessionToken, String sent, boolean d4Page) {
        return CsrfCheck.refusal(new CsrfCheck.Request("https", HOST, origin, referer, session, sessionToken, sent), d4Page).isEmpty();
    }

    @Test
    void d4PagesNeedTheSessionTokenFromTheOwnOrigin() {
        assertTrue(allowed(OWN, null, true, "tok", "tok", true));
        assertTrue(allowed(null, OWN + "/system/console/d4-server", true, "tok", "tok", true));
        assertTrue(allowed("HTTPS://127.0.0.1:7000", null, true, "tok", "tok", true), "origins compare case-insensitively");
        assertEquals(false, allowed(OWN, null, true, "tok", null, true), "no token");
        assertEquals(false, allowed(OWN, null, true, "tok", "tok2", true), "wrong token");
        assertEquals(false, allowed(OWN, null, true, "", "", true), "no session token");
        assertEquals(false, allowed(null, null, true, "tok", null, true), "a session cookie alone");
        assertEquals(false, allowed("https://evil.example", null, true, "tok", "tok", true), "right token, other origin");
        assertEquals(false, allowed("null", null, true, "tok", "tok", true), "an opaque origin");
        assertEquals(false, allowed(null, "https://127.0.0.1:7000.evil.example/", true, "tok", "tok", true), "a look-alike referer");
        assertEquals(false, allowed("https://127.0.0.1:7001", null, true, "tok", "tok", true), "another port is another origin");
    }

    @Test
    void scriptsWithoutBrowserHeadersNeedNoToken() {
        assertTrue(allowed(null, null, false, "", null, true));
        assertEquals(false, allowed("https://evil.example", null, false, "", null, true), "basic credentials a browser replays cross-site");
        assertEquals(false, allowed(OWN, null, false, "", null, true), "a browser using basic still needs the token");
    }

    @Test
    void felixPagesNeedTheOwnOrigin() {
        assertTrue(allowed(OWN, null, true, "tok", null, false));
        assertEquals(false, allowed("https://evil.example", null, true, "tok", null, false));
        assertEquals(false, allowed(null, null, true, "tok", null, false), "a session request without Origin or Referer");
        assertTrue(allowed(null, null, false, "", null, false), "a script");
    }

    @Test
    void tokensAreRandomAndLongEnough() {
        String a = CsrfCheck.newToken();
        assertTrue(a.length() >= 43, a);
        assertNotEquals(a, CsrfCheck.newToken());
        assertEquals(false, CsrfCheck.tokensMatch(null, "x"));
        assertEquals(false, CsrfCheck.tokensMatch("x", null));
    }
}
