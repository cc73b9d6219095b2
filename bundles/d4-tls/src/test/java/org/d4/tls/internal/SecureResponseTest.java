// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecureResponseTest {

    @Test
    void aServletPolicyKeepsItsDirectivesAndLosesItsFrameAncestors() {
        assertEquals("frame-ancestors 'none'", SecureResponse.mergedPolicy(null));
        assertEquals("frame-ancestors 'none'", SecureResponse.mergedPolicy(""));
        assertEquals("default-src 'self'; script-src 'self'; frame-ancestors 'none'",
                SecureResponse.mergedPolicy("default-src 'self'; script-src 'self'"));
        assertEquals("default-src 'self'; frame-ancestors 'none'", SecureResponse.mergedPolicy("default-src 'self'; Frame-Ancestors *;"));
        assertEquals("frame-ancestors 'none'", SecureResponse.mergedPolicy("frame-ancestors 'self' https://evil.example"));
    }
}
