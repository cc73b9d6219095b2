// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.d4.api.security.Role;
import org.d4.api.security.UserException;
import org.d4.common.ApplianceDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserAdminTest {
    @TempDir
    Path home;
    FileUserDirectory users;

    @BeforeEach
    void open() throws Exception {
        users = new FileUserDirectory(new ApplianceDirs(home), FileUserDirectoryTest.config(300),
                Map.of("D4_ADMIN_PASSWORD", "admin-password-1")::get, System::nanoTime);
    }

    @Test
    void createChangeDeleteUsersAndTokens() throws Exception {
        users.createUser("alice", "Alice-password-1".toCharArray(), EnumSet.of(Role.USER));
        assertTrue(users.authenticate("alice", "Alice-password-1".toCharArray()).orElseThrow().hasRole(Role.USER));
        users.setPassword("alice", "New-password-1".toCharArray(), true);
        assertTrue(users.authenticate("alice", "Alice-password-1".toCharArray()).isEmpty(), "the old password stops working at once");
        assertTrue(users.authenticate("alice", "New-password-1".toCharArray()).orElseThrow().passwordChangeRequired());
        String token = users.createToken("alice");
        assertEquals("alice", users.authenticateToken(token).orElseThrow().name());
        String id = users.users().stream().filter(u -> u.name().equals("alice")).findFirst().orElseThrow().tokenIds().get(0);
        assertFalse(token.equals(id), "the id is not the token");
        assertTrue(users.revokeToken("alice", id));
        assertTrue(users.authenticateToken(token).isEmpty());
        assertFalse(users.revokeToken("alice", id));
        users.setRoles("alice", EnumSet.of(Role.ADMIN));
        users.deleteUser("admin");  // alice is an administrator now, so admin is not the last one
        assertThrows(UserException.class, () -> users.deleteUser("alice"), "the last administrator stays");
        assertThrows(UserException.class, () -> users.setRoles("alice", Set.of(Role.USER)), "and keeps the admin role");

        FileUserDirectory reopened = new FileUserDirectory(new ApplianceDirs(home), FileUserDirectoryTest.config(300), name -> null, System::nanoTime);
        assertTrue(reopened.authenticate("alice", "New-password-1".toCharArray()).isPresent(), "persisted");
        assertTrue(reopened.authenticate("admin", "admin-password-1".toCharArray()).isEmpty(), "deleted stays deleted, no new bootstrap");
    }

    @Test
    void badInputIsRefused() {
        assertEquals(UserException.Problem.INVALID, assertThrows(UserException.class,
                () -> users.createUser("bob", "short".toCharArray(), EnumSet.of(Role.USER))).problem());
        assertEquals(UserException.Problem.INVALID, assertThrows(UserException.class,
                () -> users.createUser("bob-password", "bob-password".toCharArray(), EnumSet.of(Role.USER))).problem());
        assertEquals(UserException.Problem.INVALID, assertThrows(UserException.class,
                () -> users.createUser("bad name", "Long-enough-1".toCharArray(), EnumSet.of(Role.USER))).problem());
        assertEquals(UserException.Problem.INVALID, assertThrows(UserException.class,
                () -> users.createUser("carol", "Long-enough-1".toCharArray(), Set.of())).problem());
        assertEquals(UserException.Problem.CONFLICT, assertThrows(UserException.class,
                () -> users.createUser("admin", "Long-enough-1".toCharArray(), EnumSet.of(Role.USER))).problem());
        assertEquals(UserException.Problem.NOT_FOUND, assertThrows(UserException.class, () -> users.createToken("nobody")).problem());
        assertEquals(UserException.Problem.NOT_FOUND, assertThrows(UserException.class, () -> users.deleteUser("nobody")).problem());
    }
}
