// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleSecurityProviderTest {
    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCredentials(String name, String password, String header) {
        ConsoleSecurityProvider.Credentials c = ConsoleSecurityProvider.basicCredentials(header).orElseThrow();
        assertEquals(name, c.name());
        assertArrayEquals(password.toCharArray(), c.password());
    }

    @Test
    void decodesUserAndPassword() {
        assertCredentials("admin", "s3cret", basic("admin:s3cret"));
    }

    @Test
    void schemeIsCaseInsensitiveAndBlanksAroundTheValueAreIgnored() {
        String value = Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
        assertCredentials("admin", "s3cret", "basic " + value);
        assertCredentials("admin", "s3cret", "BASIC " + value);
        assertCredentials("admin", "s3cret", "Basic   " + value + "  ");
    }

    @Test
    void passwordMayContainColonsAndBeEmptyOrNonAscii() {
        assertCredentials("admin", "a:b::c:", basic("admin:a:b::c:"));
        assertCredentials("admin", "", basic("admin:"));
        assertCredentials("jürgen", "pässwörd€", basic("jürgen:pässwörd€"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Basic", "Basic ", "Bearer abc.def", "Digest username=\"admin\"", "Basicx YWRtaW46czNjcmV0",
            "Basic not*base64!", "Basic YWRtaW46czNjcmV0=====", "BasicYWRtaW46czNjcmV0"})
    void malformedHeadersGiveNothing(String header) {
        assertTrue(ConsoleSecurityProvider.basicCredentials(header).isEmpty(), header);
    }

    @Test
    void missingColonOrUserGivesNothing() {
        assertTrue(ConsoleSecurityProvider.basicCredentials(basic("adminonly")).isEmpty());
        assertTrue(ConsoleSecurityProvider.basicCredentials(basic(":s3cret")).isEmpty());
        assertTrue(ConsoleSecurityProvider.basicCredentials(basic("")).isEmpty());
    }
}
