// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserFileTest {
    private static final int FAST_COST = 4;  // the lowest bcrypt allows: these tests are about the file, not the hash

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("data/users.properties");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void savedUsersAndTokensSurviveAReload() throws IOException {
        UserFile users = new UserFile(file(), FAST_COST);
        users.load();
        assertFalse(users.hasUsers());
        users.putUser("alice", "correct horse".toCharArray(), EnumSet.of(Role.USER, Role.SENSOR_REGISTER), true);
        users.putToken("alice", "token-of-alice-0123456789");

        UserFile reloaded = new UserFile(file(), FAST_COST);
        reloaded.load();
        assertTrue(reloaded.hasUser("alice"));
        AppUser alice = reloaded.check("alice", "correct horse".toCharArray()).orElseThrow();
        assertEquals(Set.of(Role.USER, Role.SENSOR_REGISTER), alice.roles());
        assertTrue(alice.passwordChangeRequired());
        assertEquals("alice", reloaded.tokenOwner("token-of-alice-0123456789").orElseThrow().name());
        assertTrue(reloaded.check("alice", "wrong".toCharArray()).isEmpty());
        assertTrue(reloaded.check("bob", "correct horse".toCharArray()).isEmpty());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void fileHoldsHashesAndDigestsOnly() throws IOException {
        UserFile users = new UserFile(file(), FAST_COST);
        users.putUser("alice", "correct horse".toCharArray(), EnumSet.of(Role.ADMIN), false);
        users.putToken("alice", "token-of-alice-0123456789");

        String text = Files.readString(file());
        assertTrue(text.contains("user.alice.password=$2y$04$"), text);
        assertTrue(text.contains("user.alice.roles=admin"), text);
        assertTrue(text.contains("token." + UserFile.digest("token-of-alice-0123456789") + "=alice"), text);
        assertFalse(text.contains("correct horse"), text);
        assertFalse(text.contains("token-of-alice"), text);
    }

    @Test
    void digestIsLowerCaseSha256Hex() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", UserFile.digest("hello"));
    }

    @Test
    void missingFileMeansNoUsers() throws IOException {
        UserFile users = new UserFile(file(), FAST_COST);
        users.load();
        assertFalse(users.hasUsers());
        assertFalse(Files.exists(file()));
    }

    @Test
    void handWrittenFileWithoutRolesOrGeneratedFlagLoads() throws IOException {
        UserFile writer = new UserFile(dir.resolve("other.properties"), FAST_COST);
        writer.putUser("bob", "password1".toCharArray(), Set.of(), false);
        String hash = Files.readAllLines(dir.resolve("other.properties")).stream()
                .filter(l -> l.startsWith("user.bob.password=")).findFirst().orElseThrow().substring("user.bob.password=".length());
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "user.bob.password=" + hash + "\n");

        UserFile users = new UserFile(file(), FAST_COST);
        users.load();
        AppUser bob = users.check("bob", "password1".toCharArray()).orElseThrow();
        assertEquals(Set.of(), bob.roles());
        assertFalse(bob.passwordChangeRequired());
    }

    @Test
    void unknownRoleInFileIsRefused() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "user.bob.password=$2y$04$x\nuser.bob.roles=user,superuser\n");
        UserFile users = new UserFile(file(), FAST_COST);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, users::load);
        assertTrue(e.getMessage().contains("superuser"), e.getMessage());
    }

    @Test
    void tokenOfUnknownUserIsRefused() {
        UserFile users = new UserFile(file(), FAST_COST);
        assertThrows(IllegalArgumentException.class, () -> users.putToken("nobody", "token-of-nobody-0123456789"));
        assertFalse(Files.exists(file()));
    }

    @Test
    void tokenWhoseOwnerIsGoneIsUnknown() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "token." + UserFile.digest("orphan-token-0123456789") + "=ghost\n");
        UserFile users = new UserFile(file(), FAST_COST);
        users.load();
        assertTrue(users.tokenOwner("orphan-token-0123456789").isEmpty());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-alice", ".alice", "_alice", "al ice", "alice/x", "alice=x", "al:ice", "älice", "alice\n",
            "a1234567890123456789012345678901234567890123456789012345678901234"})
    void badUserNamesAreRejected(String name) {
        assertThrows(IllegalArgumentException.class, () -> UserFile.validateName(name));
        UserFile users = new UserFile(file(), FAST_COST);
        assertThrows(IllegalArgumentException.class, () -> users.putUser(name, "password1".toCharArray(), Set.of(), false));
        assertFalse(Files.exists(file()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "7", "alice", "john.doe@example.org", "sensor_01-b",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void goodUserNamesAreAccepted(String name) {
        assertDoesNotThrow(() -> UserFile.validateName(name));
    }
}
