// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SameOriginTest {

    @Test
    void theOwnOriginPassesInEverySpelling() {
        assertEquals(Optional.empty(), SameOrigin.refusal("https", "127.0.0.1:7000", "https://127.0.0.1:7000", null));
        assertEquals(Optional.empty(), SameOrigin.refusal("https", "D4.Example.org:7000", "HTTPS://d4.example.ORG:7000", null));
        assertEquals(Optional.empty(), SameOrigin.refusal("https", "[::1]:7000", "https://[0:0:0:0:0:0:0:1]:7000", null));
        assertEquals(Optional.empty(), SameOrigin.refusal("https", "d4.example.org", "https://d4.example.org:443", null));
        assertEquals(Optional.empty(), SameOrigin.refusal("https", "127.0.0.1:7000", null, "https://127.0.0.1:7000/system/console/d4-users?x=1"));
    }

    @Test
    void requestsWithoutOriginOrRefererAreScripts() {
        assertEquals(Optional.empty(), SameOrigin.refusal("https", "127.0.0.1:7000", null, null));
        assertEquals(Optional.empty(), SameOrigin.refusal("https", null, null, null));
    }

    @Test
    void otherOriginsAreRefused() {
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "https://evil.example", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "https://127.0.0.1:7001", null).isPresent(), "another port");
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "http://127.0.0.1:7000", null).isPresent(), "another scheme");
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "https://127.0.0.1.evil.example:7000", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "[::1]:7000", "https://[::2]:7000", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", null, "https://evil.example/https://127.0.0.1:7000/").isPresent());
        // the Origin wins over a matching Referer
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "https://evil.example", "https://127.0.0.1:7000/").isPresent());
    }

    @Test
    void opaqueAndMalformedOriginsAreRefused() {
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "null", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "https://", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "https://a b", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "https://user@127.0.0.1:7000", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "file:///etc/passwd", null).isPresent());
        assertTrue(SameOrigin.refusal("https", "127.0.0.1:7000", "https://127.0.0.1:7000/" + "x".repeat(5000), null).isPresent());
        assertTrue(SameOrigin.refusal("https", null, "https://127.0.0.1:7000", null).isPresent(), "no Host to compare with");
        String reason = SameOrigin.refusal("https", "127.0.0.1:7000", "https://evil.example\u0000\n", null).orElseThrow();
        assertFalse(reason.contains("\n") || reason.contains("\u0000"), reason);
    }

    @Test
    void stateChangingMethods() {
        for (String m : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            assertTrue(SameOrigin.stateChanging(m), m);
        }
        for (String m : new String[] {"GET", "HEAD", "OPTIONS"}) {
            assertFalse(SameOrigin.stateChanging(m), m);
        }
    }

    @Test
    void mediaTypesAllowParameters() {
        assertTrue(MediaTypes.is("application/json", "application/json"));
        assertTrue(MediaTypes.is("Application/JSON; charset=utf-8", "application/json"));
        assertFalse(MediaTypes.is("application/x-www-form-urlencoded", "application/json"));
        assertFalse(MediaTypes.is("text/plain", "application/json"));
        assertFalse(MediaTypes.is("application/jsonx", "application/json"));
        assertFalse(MediaTypes.is(null, "application/json"));
        assertFalse(MediaTypes.is("", "application/json"));
    }
}
