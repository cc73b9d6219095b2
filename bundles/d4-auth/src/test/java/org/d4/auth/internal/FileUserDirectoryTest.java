// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.common.ApplianceDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileUserDirectoryTest {
    private static final String PASSWORD = "s3cret-enough";
    private static final String TOKEN = "a-token-of-twenty-chars";
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path home;

    private final AtomicLong clock = new AtomicLong(42 * SECOND);

    static UserDirectoryConfig config(int cacheSeconds) {
        return new UserDirectoryConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return UserDirectoryConfig.class;
            }

            @Override
            public String users_file() {
                return "data/users.properties";
            }

            @Override
            public int bcrypt_cost() {
                return 10;
            }

            @Override
            public int login_cache_s() {
                return cacheSeconds;
            }

            @Override
            public int password_min_length() {
                return 12;
            }

            @Override
            public int password_min_classes() {
                return 3;
            }

            @Override
            public int lockout_user_failures() {
                return 3;
            }

            @Override
            public int lockout_address_failures() {
                return 5;
            }

            @Override
            public int lockout_window_s() {
                return 60;
            }

            @Override
            public int lockout_duration_s() {
                return 30;
            }
        };
    }

    private FileUserDirectory directory(Map<String, String> env, int cacheSeconds) throws IOException {
        return new FileUserDirectory(new ApplianceDirs(home), config(cacheSeconds), env::get, clock::get);
    }

    private FileUserDirectory withEnvPassword() throws IOException {
        return directory(Map.of(AdminBootstrap.PASSWORD_ENV, PASSWORD, AdminBootstrap.TOKEN_ENV, TOKEN), 300);
    }

    @Test
    void firstStartCreatesAdminWithGeneratedSecrets() throws IOException {
        FileUserDirectory users = directory(Map.of(), 300);

        String password = Files.readAllLines(home.resolve("data/initial-admin-password")).get(0);
        String token = Files.readAllLines(home.resolve("data/initial-admin-token")).get(0);
        AppUser admin = users.authenticate("admin", password.toCharArray()).orElseThrow();
        assertTrue(admin.hasRole(Role.ADMIN));
        assertTrue(admin.passwordChangeRequired());
        assertEquals("admin", users.authenticateToken(token).orElseThrow().name());
        String file = Files.readString(home.resolve("data/users.properties"));
        assertTrue(file.contains("$2y$10$"), file);
        assertFalse(file.contains(password) || file.contains(token), file);
    }

    @Test
    void secondStartKeepsTheExistingUsers() throws IOException {
        withEnvPassword();
        String before = Files.readString(home.resolve("data/users.properties"));

        FileUserDirectory again = directory(Map.of(AdminBootstrap.PASSWORD_ENV, "another-password"), 300);

        assertEquals(before, Files.readString(home.resolve("data/users.properties")));
        assertFalse(Files.exists(home.resolve("data/initial-admin-password")));
        assertTrue(again.authenticate("admin", PASSWORD.toCharArray()).isPresent());
        assertTrue(again.authenticate("admin", "another-password".toCharArray()).isEmpty());
        assertTrue(again.authenticateToken(TOKEN).isPresent());
    }

    @Test
    void badCredentialsGiveNothing() throws IOException {
        FileUserDirectory users = withEnvPassword();

        assertTrue(users.authenticate("admin", "wrong-password".toCharArray()).isEmpty());
        assertTrue(users.authenticate("nobody", PASSWORD.toCharArray()).isEmpty());
        assertTrue(users.authenticate("admin", new char[0]).isEmpty());
        assertTrue(users.authenticate("admin", null).isEmpty());
        assertTrue(users.authenticate(null, PASSWORD.toCharArray()).isEmpty());
    }

    @Test
    void tokens() throws IOException {
        FileUserDirectory users = withEnvPassword();

        assertEquals("admin", users.authenticateToken(TOKEN).orElseThrow().name());
        assertEquals("admin", users.authenticateToken(" " + TOKEN + "\n").orElseThrow().name());
        assertTrue(users.authenticateToken("not-the-token-of-anyone").isEmpty());
        assertTrue(users.authenticateToken(TOKEN.toUpperCase()).isEmpty());
        assertTrue(users.authenticateToken("").isEmpty());
        assertTrue(users.authenticateToken("   ").isEmpty());
        assertTrue(users.authenticateToken(null).isEmpty());
    }

    @Test
    void loginCacheNeverAcceptsAnotherPassword() throws IOException {
        clock.set(Long.MAX_VALUE - 5 * SECOND);  // System.nanoTime may be anywhere: the cache period wraps around here
        FileUserDirectory users = withEnvPassword();

        assertTrue(users.authenticate("admin", PASSWORD.toCharArray()).isPresent());
        clock.addAndGet(10 * SECOND);
        assertTrue(users.authenticate("admin", PASSWORD.toCharArray()).isPresent(), "within the cache period");
        assertTrue(users.authenticate("admin", "wrong-password".toCharArray()).isEmpty(), "cached, but a different password");
        assertTrue(users.authenticate("admin", (PASSWORD + "x").toCharArray()).isEmpty());
        assertTrue(users.authenticate("admin", PASSWORD.toCharArray()).isPresent(), "a failure does not evict the good entry");

        clock.addAndGet(301 * SECOND);
        assertTrue(users.authenticate("admin", PASSWORD.toCharArray()).isPresent(), "expired: checked against the file again");
        assertTrue(users.authenticate("admin", "wrong-password".toCharArray()).isEmpty());
    }

    @Test
    void worksWithoutLoginCache() throws IOException {
        FileUserDirectory users = directory(Map.of(AdminBootstrap.PASSWORD_ENV, PASSWORD), 0);

        assertTrue(users.authenticate("admin", PASSWORD.toCharArray()).isPresent());
        clock.addAndGet(2 * SECOND);
        assertTrue(users.authenticate("admin", PASSWORD.toCharArray()).isPresent());
        assertTrue(users.authenticate("admin", "wrong-password".toCharArray()).isEmpty());
    }
}
