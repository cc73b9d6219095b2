// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.api.security.UserDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpLoginsTest {
    static final AppUser ALICE = new AppUser("alice", Set.of(Role.USER), false);

    /** One user, alice, with password s3cret and token tok-1; remembers the addresses of password logins. */
    static final class OneUser implements UserDirectory {
        final List<String> addresses = new ArrayList<>();

        @Override
        public Optional<AppUser> authenticate(String name, char[] password) {
            throw new AssertionError("password logins must name their remote address");
        }

        @Override
        public Optional<AppUser> authenticate(String name, char[] password, String remoteAddress) {
            addresses.add(remoteAddress);
            return name.equals("alice") && Arrays.equals(password, "s3cret".toCharArray()) ? Optional.of(ALICE) : Optional.empty();
        }

        @Override
        public Optional<AppUser> authenticateToken(String token) {
            return token.equals("tok-1") ? Optional.of(ALICE) : Optional.empty();
        }
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertCredentials(String name, String password, String header) {
        HttpLogins.Basic c = HttpLogins.basic(header).orElseThrow();
        assertEquals(name, c.name());
        assertArrayEquals(password.toCharArray(), c.password());
    }

    @Test
    void tokensAsReferenceClientsSendThemOrAsBearer() {
        OneUser users = new OneUser();
        assertEquals(Optional.of(ALICE), HttpLogins.authenticate(users, "tok-1", "192.0.2.1"));
        assertEquals(Optional.of(ALICE), HttpLogins.authenticate(users, "  tok-1 ", "192.0.2.1"));
        assertEquals(Optional.of(ALICE), HttpLogins.authenticate(users, "Bearer tok-1", "192.0.2.1"));
        assertEquals(Optional.of(ALICE), HttpLogins.authenticate(users, "bearer   tok-1", "192.0.2.1"));
        assertTrue(HttpLogins.authenticate(users, "tok-2", "192.0.2.1").isEmpty());
        assertTrue(HttpLogins.authenticate(users, "Bearer ", "192.0.2.1").isEmpty());
        assertTrue(users.addresses.isEmpty(), "no password login was tried");
    }

    @Test
    void passwordLoginsNameTheRemoteAddress() {
        OneUser users = new OneUser();
        assertEquals(Optional.of(ALICE), HttpLogins.authenticate(users, basic("alice:s3cret"), "192.0.2.1"));
        assertTrue(HttpLogins.authenticate(users, basic("alice:wrong"), "2001:db8::7").isEmpty());
        assertTrue(HttpLogins.authenticate(users, basic("bob:s3cret"), "192.0.2.9").isEmpty());
        assertEquals(List.of("192.0.2.1", "2001:db8::7", "192.0.2.9"), users.addresses);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "Basic", "Basic ", "Basic not*base64!", "Digest username=\"alice\""})
    void nothingUsableIsNobody(String header) {
        assertTrue(HttpLogins.authenticate(new OneUser(), header, "192.0.2.1").isEmpty(), String.valueOf(header));
    }

    @Test
    void oversizedHeadersAreNotRead() {
        OneUser users = new OneUser();
        assertTrue(HttpLogins.authenticate(users, basic("alice:s3cret" + " ".repeat(HttpLogins.MAX_HEADER)), "192.0.2.1").isEmpty());
        assertTrue(users.addresses.isEmpty());
    }

    @Test
    void basicDecodesUserAndPassword() {
        assertCredentials("admin", "s3cret", basic("admin:s3cret"));
    }

    @Test
    void basicSchemeIsCaseInsensitiveAndBlanksAroundTheValueAreIgnored() {
        String value = Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
        assertCredentials("admin", "s3cret", "basic " + value);
        assertCredentials("admin", "s3cret", "BASIC " + value);
        assertCredentials("admin", "s3cret", "Basic   " + value + "  ");
    }

    @Test
    void basicPasswordMayContainColonsAndBeEmptyOrNonAscii() {
        assertCredentials("admin", "a:b::c:", basic("admin:a:b::c:"));
        assertCredentials("admin", "", basic("admin:"));
        assertCredentials("jürgen", "pässwörd€", basic("jürgen:pässwörd€"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Basic", "Basic ", "Bearer abc.def", "Digest username=\"admin\"", "Basicx YWRtaW46czNjcmV0",
            "Basic not*base64!", "Basic YWRtaW46czNjcmV0=====", "BasicYWRtaW46czNjcmV0"})
    void malformedBasicHeadersGiveNothing(String header) {
        assertTrue(HttpLogins.basic(header).isEmpty(), header);
    }

    @Test
    void basicWithoutColonOrUserGivesNothing() {
        assertTrue(HttpLogins.basic(basic("adminonly")).isEmpty());
        assertTrue(HttpLogins.basic(basic(":s3cret")).isEmpty());
        assertTrue(HttpLogins.basic(basic("")).isEmpty());
    }
}
