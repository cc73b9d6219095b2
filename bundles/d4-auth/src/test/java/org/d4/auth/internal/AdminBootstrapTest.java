// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminBootstrapTest {
    private static final String STRONG = "s3cret-enough";
    private static final String TOKEN = "a-token-of-twenty-chars";

    @TempDir
    Path data;

    private UserFile users;

    private UserFile bootstrap(Map<String, String> env) throws IOException {
        users = new UserFile(data.resolve("users.properties"), 4);
        users.load();
        new AdminBootstrap(users, data, env::get).ensureAdmin();
        return users;
    }

    private String firstLine(String file) throws IOException {
        return Files.readAllLines(data.resolve(file)).get(0);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void generatesPasswordAndTokenIntoOwnerOnlyFiles() throws IOException {
        bootstrap(Map.of());

        String password = firstLine("initial-admin-password");
        String token = firstLine("initial-admin-token");
        assertEquals(20, password.length());
        assertEquals(40, token.length());
        assertTrue(password.matches("[a-zA-Z2-9]+") && !password.matches(".*[lIO01].*"), password);
        for (String file : new String[] {"initial-admin-password", "initial-admin-token"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(file))));
        }
        AppUser admin = users.check("admin", password.toCharArray()).orElseThrow();
        assertEquals(Set.of(Role.ADMIN, Role.USER), admin.roles());
        assertTrue(admin.passwordChangeRequired());
        assertEquals("admin", users.tokenOwner(token).orElseThrow().name());
    }

    @Test
    void usesPasswordAndTokenFromEnvironment() throws IOException {
        bootstrap(Map.of(AdminBootstrap.PASSWORD_ENV, STRONG, AdminBootstrap.TOKEN_ENV, TOKEN));

        assertFalse(Files.exists(data.resolve("initial-admin-password")));
        assertFalse(Files.exists(data.resolve("initial-admin-token")));
        assertFalse(users.check("admin", STRONG.toCharArray()).orElseThrow().passwordChangeRequired());
        assertEquals("admin", users.tokenOwner(TOKEN).orElseThrow().name());
    }

    @Test
    void passwordOfExactlyEightCharactersIsAccepted() throws IOException {
        bootstrap(Map.of(AdminBootstrap.PASSWORD_ENV, "12345678"));
        assertTrue(users.check("admin", "12345678".toCharArray()).isPresent());
        assertFalse(Files.exists(data.resolve("initial-admin-password")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "ADMIN", "", "1234567"})
    void weakPasswordFromEnvironmentIsIgnored(String weak) throws IOException {
        bootstrap(Map.of(AdminBootstrap.PASSWORD_ENV, weak));

        assertTrue(users.check("admin", weak.isEmpty() ? "x".toCharArray() : weak.toCharArray()).isEmpty());
        String generated = firstLine("initial-admin-password");
        assertTrue(users.check("admin", generated.toCharArray()).isPresent());
    }

    @Test
    void shortTokenFromEnvironmentIsIgnored() throws IOException {
        String shortToken = "only-19-characters!";
        bootstrap(Map.of(AdminBootstrap.TOKEN_ENV, shortToken));

        assertTrue(users.tokenOwner(shortToken).isEmpty());
        assertTrue(users.tokenOwner(firstLine("initial-admin-token")).isPresent());
    }

    @Test
    void doesNothingOnceAUserExists() throws IOException {
        users = new UserFile(data.resolve("users.properties"), 4);
        users.putUser("operator", "password1".toCharArray(), Set.of(Role.ADMIN), false);
        String before = Files.readString(data.resolve("users.properties"));

        new AdminBootstrap(users, data, Map.of(AdminBootstrap.PASSWORD_ENV, STRONG)::get).ensureAdmin();

        assertFalse(users.hasUser("admin"));
        assertEquals(before, Files.readString(data.resolve("users.properties")));
        assertFalse(Files.exists(data.resolve("initial-admin-password")));
        assertFalse(Files.exists(data.resolve("initial-admin-token")));
    }
}
