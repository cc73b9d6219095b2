// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.common.SecretFiles;

/**
 * Users and API tokens in one owner-only properties file. Passwords are stored as bcrypt hashes,
 * tokens as SHA-256 digests (they are long random strings, so a fast digest is enough).
 *
 * <pre>
 * user.&lt;name&gt;.password = $2y$12$...   bcrypt
 * user.&lt;name&gt;.roles    = admin,user
 * user.&lt;name&gt;.generated = true        password was generated, must be changed
 * user.&lt;name&gt;.keys     = ssh-ed25519 AAAA... one authorized SSH public key per line
 * token.&lt;sha256 hex&gt;   = &lt;name&gt;
 * </pre>
 */
final class UserFile {
    private record Entry(String hash, Set<Role> roles, boolean generated, List<String> keys) {
        Entry {
            keys = List.copyOf(keys);
        }
    }

    private final Path file;
    private final int bcryptCost;
    private final Map<String, Entry> users = new ConcurrentHashMap<>();
    private final Map<String, String> tokenOwners = new ConcurrentHashMap<>();
    private volatile String dummyHash;

    UserFile(Path file, int bcryptCost) {
        this.file = file;
        this.bcryptCost = bcryptCost;
    }

    synchronized void load() throws IOException {
        users.clear();
        tokenOwners.clear();
        if (!Files.exists(file)) {
            return;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("user.") && key.endsWith(".password")) {
                String name = key.substring("user.".length(), key.length() - ".password".length());
                String roles = p.getProperty("user." + name + ".roles", "");
                Set<Role> parsed = EnumSet.noneOf(Role.class);
                for (String r : roles.split(",")) {
                    if (!r.isBlank()) {
                        parsed.add(Role.fromId(r.trim()));
                    }
                }
                String keys = p.getProperty("user." + name + ".keys", "");
                users.put(name, new Entry(p.getProperty(key), parsed, Boolean.parseBoolean(p.getProperty("user." + name + ".generated")),
                        keys.lines().filter(l -> !l.isBlank()).toList()));
            } else if (key.startsWith("token.")) {
                tokenOwners.put(key.substring("token.".length()), p.getProperty(key));
            }
        }
    }

    boolean hasUsers() {
        return !users.isEmpty();
    }

    boolean hasUser(String name) {
        return users.containsKey(name);
    }

    synchronized void putUser(String name, char[] password, Set<Role> roles, boolean generated) throws IOException {
        validateName(name);
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        Entry old = users.get(name);
        users.put(name, new Entry(OpenBSDBCrypt.generate("2y", password, salt, bcryptCost), Set.copyOf(roles), generated,
                old == null ? List.of() : old.keys()));
        save();
    }

    synchronized void putToken(String name, String token) throws IOException {
        if (!users.containsKey(name)) {
            throw new IllegalArgumentException("no such user: " + name);
        }
        tokenOwners.put(digest(token), name);
        save();
    }

    /** Names with their roles, generated flag and token ids (the first 12 hex digits of each token digest). */
    synchronized List<org.d4.api.security.UserAdmin.UserInfo> list() {
        List<org.d4.api.security.UserAdmin.UserInfo> result = new java.util.ArrayList<>();
        new TreeMap<>(users).forEach((name, e) -> result.add(new org.d4.api.security.UserAdmin.UserInfo(name, e.roles(), e.generated(),
                tokenIdsOf(name))));
        return result;
    }

    Set<Role> roles(String name) {
        Entry e = users.get(name);
        return e == null ? null : e.roles();
    }

    synchronized boolean removeUser(String name) throws IOException {
        if (users.remove(name) == null) {
            return false;
        }
        tokenOwners.values().removeIf(name::equals);
        save();
        return true;
    }

    synchronized void setRoles(String name, Set<Role> roles) throws IOException {
        Entry e = users.get(name);
        users.put(name, new Entry(e.hash(), Set.copyOf(roles), e.generated(), e.keys()));
        save();
    }

    synchronized void setPassword(String name, char[] password, boolean generated) throws IOException {
        putUser(name, password, users.get(name).roles(), generated);
    }

    /** The user's authorized SSH public key lines; empty for an unknown user. */
    List<String> keys(String name) {
        Entry e = users.get(name);
        return e == null ? List.of() : e.keys();
    }

    synchronized void setKeys(String name, List<String> keys) throws IOException {
        Entry e = users.get(name);
        users.put(name, new Entry(e.hash(), e.roles(), e.generated(), keys));
        save();
    }

    /** The user (without checking any password), for a login the caller has verified otherwise. */
    Optional<AppUser> user(String name) {
        Entry entry = users.get(name);
        return entry == null ? Optional.empty() : Optional.of(user(name, entry));
    }

    synchronized boolean revokeToken(String name, String tokenId) throws IOException {
        boolean removed = tokenOwners.entrySet().removeIf(t -> t.getValue().equals(name) && t.getKey().startsWith(tokenId) && tokenId.length() >= 8);
        if (removed) {
            save();
        }
        return removed;
    }

    private List<String> tokenIdsOf(String name) {
        return tokenOwners.entrySet().stream().filter(t -> t.getValue().equals(name)).map(t -> t.getKey().substring(0, 12)).sorted().toList();
    }

    /** Runs the slow hash; callers cache successes. An unknown user costs the same time as a wrong password. */
    Optional<AppUser> check(String name, char[] password) {
        Entry entry = users.get(name);
        if (entry == null) {
            OpenBSDBCrypt.checkPassword(dummyHash(), password);
            return Optional.empty();
        }
        try {
            return OpenBSDBCrypt.checkPassword(entry.hash(), password) ? Optional.of(user(name, entry)) : Optional.empty();
        } catch (IllegalArgumentException | DataLengthException e) {
            // a damaged hash in the file: nobody can log in as this user until an admin resets it
            return Optional.empty();
        }
    }

    Optional<AppUser> tokenOwner(String token) {
        String name = tokenOwners.get(digest(token));
        Entry entry = name == null ? null : users.get(name);
        return entry == null ? Optional.empty() : Optional.of(user(name, entry));
    }

    private static AppUser user(String name, Entry entry) {
        return new AppUser(name, entry.roles(), entry.generated());
    }

    private void save() throws IOException {
        Map<String, String> sorted = new TreeMap<>();
        users.forEach((name, e) -> {
            sorted.put("user." + name + ".password", e.hash());
            sorted.put("user." + name + ".roles", e.roles().stream().map(Role::id).sorted().collect(Collectors.joining(",")));
            sorted.put("user." + name + ".generated", Boolean.toString(e.generated()));
            if (!e.keys().isEmpty()) {
                sorted.put("user." + name + ".keys", String.join("\n", e.keys()));
            }
        });
        tokenOwners.forEach((digest, name) -> sorted.put("token." + digest, name));
        Properties p = new Properties();
        p.putAll(sorted);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, "D4 appliance users: bcrypt password hashes and SHA-256 token digests. Owner-only.");
        Files.createDirectories(file.toAbsolutePath().getParent());
        SecretFiles.writePrivate(file, out.toByteArray());
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static void validateName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")) {
            throw new IllegalArgumentException("user names are 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
    }

    // a hash of the same cost, so checks against unknown users take as long as real ones
    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            byte[] salt = new byte[16];
            Arrays.fill(salt, (byte) 7);
            hash = OpenBSDBCrypt.generate("2y", "unknown-user".toCharArray(), salt, bcryptCost);
            dummyHash = hash;
        }
        return hash;
    }
}
