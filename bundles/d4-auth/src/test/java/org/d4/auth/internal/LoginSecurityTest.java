// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.d4.api.security.Role;
import org.d4.api.security.UserAdmin.AuthorizedKey;
import org.d4.api.security.UserException;
import org.d4.common.ApplianceDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password policy, lockout (3 per user, 5 per address, 30 s in the test configuration), forced change, SSH keys. */
class LoginSecurityTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String ALICE = "Alice-password-1";

    @TempDir
    Path home;
    private final AtomicLong clock = new AtomicLong(1000 * SECOND);
    private FileUserDirectory users;

    @BeforeEach
    void open() throws Exception {
        users = new FileUserDirectory(new ApplianceDirs(home), FileUserDirectoryTest.config(0), Map.<String, String>of()::get, clock::get);
        users.createUser("alice", ALICE.toCharArray(), EnumSet.of(Role.USER));
    }

    @Test
    void passwordPolicyNamesWhatIsMissing() {
        String tooShort = assertThrows(UserException.class, () -> users.createUser("bob", "Ab1-x".toCharArray(), EnumSet.of(Role.USER))).getMessage();
        assertTrue(tooShort.contains("at least 12 characters"), tooShort);
        String oneClass = assertThrows(UserException.class, () -> users.setPassword("alice", "onlylowercaseletters".toCharArray(), false)).getMessage();
        assertTrue(oneClass.contains("at least 3 of"), oneClass);
        assertThrows(UserException.class, () -> users.createUser("Bob-Name-1234", "Bob-Name-1234".toCharArray(), EnumSet.of(Role.USER)));
        char[] tooLong = new char[73];
        Arrays.fill(tooLong, 'a');
        tooLong[0] = 'A';
        tooLong[1] = '1';
        assertTrue(assertThrows(UserException.class, () -> users.createUser("bob", tooLong, EnumSet.of(Role.USER))).getMessage().contains("at most 72"));
        assertEquals("bob", users.createUser("bob", "Bob-password-1".toCharArray(), EnumSet.of(Role.USER)).name());
    }

    @Test
    void repeatedFailuresLockTheUserOutEvenWithTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            assertTrue(users.authenticate("alice", "wrong".toCharArray(), "192.0.2." + i).isEmpty());
        }
        assertTrue(users.authenticate("alice", ALICE.toCharArray(), "192.0.2.9").isEmpty(), "locked out");
        clock.addAndGet(31 * SECOND);
        assertTrue(users.authenticate("alice", ALICE.toCharArray(), "192.0.2.9").isPresent(), "the lockout ends");
        assertTrue(users.authenticate("alice", "wrong".toCharArray(), "192.0.2.9").isEmpty());
        assertTrue(users.authenticate("alice", ALICE.toCharArray(), "192.0.2.9").isPresent(), "a success clears the count");
    }

    @Test
    void repeatedFailuresFromOneAddressLockThatAddressOut() throws Exception {
        users.createUser("bob", "Bob-password-1".toCharArray(), EnumSet.of(Role.USER));
        for (int i = 0; i < 5; i++) {
            users.authenticate("guess" + i, "wrong".toCharArray(), "198.51.100.7");
        }
        assertTrue(users.authenticate("bob", "Bob-password-1".toCharArray(), "198.51.100.7").isEmpty(), "the address is locked out");
        assertTrue(users.authenticate("bob", "Bob-password-1".toCharArray(), "198.51.100.8").isPresent(), "other addresses are not");
        String locked = assertThrows(UserException.class,
                () -> users.changeOwnPassword("bob", "Bob-password-1".toCharArray(), "Bob-password-2".toCharArray(), "198.51.100.7"),
                "nor can it change a password").getMessage();
        assertTrue(locked.contains("too many failed logins"), locked);
    }

    @Test
    void aGeneratedPasswordMustBeChangedByItsOwner() {
        users.setPassword("alice", "Reset-by-admin-1".toCharArray(), true);
        assertTrue(users.authenticate("alice", "Reset-by-admin-1".toCharArray(), "").orElseThrow().passwordChangeRequired());
        assertThrows(UserException.class, () -> users.changeOwnPassword("alice", "wrong".toCharArray(), "Chosen-by-alice-1".toCharArray(), ""));
        assertThrows(UserException.class, () -> users.changeOwnPassword("alice", "Reset-by-admin-1".toCharArray(), "Reset-by-admin-1".toCharArray(), ""));
        assertThrows(UserException.class, () -> users.changeOwnPassword("alice", "Reset-by-admin-1".toCharArray(), "short".toCharArray(), ""));
        users.changeOwnPassword("alice", "Reset-by-admin-1".toCharArray(), "Chosen-by-alice-1".toCharArray(), "");
        assertFalse(users.authenticate("alice", "Chosen-by-alice-1".toCharArray(), "").orElseThrow().passwordChangeRequired());
        assertFalse(users.users().stream().filter(u -> u.name().equals("alice")).findFirst().orElseThrow().passwordChangeRequired());
    }

    @Test
    void authorizedKeysLogInAndArePersisted() throws Exception {
        String line = ed25519Line("alice@laptop");
        AuthorizedKey key = users.addAuthorizedKey("alice", line);
        assertTrue(key.fingerprint().startsWith("SHA256:"), key.fingerprint());
        assertEquals("alice@laptop", key.comment());
        assertEquals("alice", users.authenticatePublicKey("alice", line.substring(0, line.lastIndexOf(' ')), "192.0.2.1").orElseThrow().name());
        assertTrue(users.authenticatePublicKey("alice", ed25519Line("other"), "192.0.2.1").isEmpty(), "another key");
        assertTrue(users.authenticatePublicKey("bob", line, "192.0.2.1").isEmpty(), "another user");
        assertEquals(UserException.Problem.CONFLICT, assertThrows(UserException.class, () -> users.addAuthorizedKey("alice", line)).problem());

        FileUserDirectory reopened = new FileUserDirectory(new ApplianceDirs(home), FileUserDirectoryTest.config(0), name -> null, clock::get);
        assertEquals(key, reopened.authorizedKeys("alice").get(0));
        assertTrue(reopened.authenticate("alice", ALICE.toCharArray()).isPresent(), "the password survives alongside the keys");
        assertTrue(reopened.removeAuthorizedKey("alice", key.fingerprint()));
        assertFalse(reopened.removeAuthorizedKey("alice", key.fingerprint()));
        assertTrue(reopened.authenticatePublicKey("alice", line, "192.0.2.1").isEmpty());
    }

    @Test
    void badKeyLinesAreRefused() {
        for (String bad : new String[] {"", "ssh-dss AAAA", "ssh-ed25519", "ssh-ed25519 not*base64", "ssh-rsa " + blob("ssh-ed25519", new byte[32]),
                "from=\"x\" ssh-ed25519 " + blob("ssh-ed25519", new byte[32])}) {
            assertEquals(UserException.Problem.INVALID, assertThrows(UserException.class, () -> users.addAuthorizedKey("alice", bad)).problem(), bad);
        }
        assertEquals(UserException.Problem.NOT_FOUND, assertThrows(UserException.class, () -> users.authorizedKeys("nobody")).problem());
    }

    static String ed25519Line(String comment) throws Exception {
        byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        return "ssh-ed25519 " + blob("ssh-ed25519", Arrays.copyOfRange(spki, spki.length - 32, spki.length)) + " " + comment;
    }

    private static String blob(String type, byte[] key) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + name.length + key.length);
        b.putInt(name.length).put(name).putInt(key.length).put(key);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
