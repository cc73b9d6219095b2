// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.d4.api.security.AppUser;
import org.d4.api.security.Role;
import org.d4.api.security.UserAdmin;
import org.d4.api.security.UserDirectory;
import org.d4.api.security.UserException;
import org.d4.api.security.UserException.Problem;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The appliance's user store until the registry takes users over: a file of bcrypt hashes, with
 * the first administrator created at first start. Verified passwords are remembered for a short
 * time as a keyed MAC (never the password itself), since HTTP basic authentication sends them on
 * every request and bcrypt is deliberately slow. Passwords people choose must meet the
 * {@link PasswordPolicy}; repeated failures lock out the user and the address ({@link LoginGuard}).
 */
@Component(configurationPid = "d4.auth", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UserDirectoryConfig.class)
public final class FileUserDirectory implements UserDirectory, UserAdmin {
    private static final int MAX_CACHED_LOGINS = 1024;
    private static final int MAX_KEYS = 32;

    private record CachedLogin(byte[] mac, AppUser user, long expiresAtNanos) {}

    private final UserFile users;
    private final PasswordPolicy policy;
    private final LoginGuard guard;
    private final long cacheNanos;
    private final LongSupplier clock;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, CachedLogin> cache = new ConcurrentHashMap<>();

    @Activate
    public FileUserDirectory(BundleContext context, UserDirectoryConfig config) throws IOException {
        this(ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)), config, System::getenv, System::nanoTime);
    }

    FileUserDirectory(ApplianceDirs dirs, UserDirectoryConfig config, java.util.function.UnaryOperator<String> env, LongSupplier clock)
            throws IOException {
        this.users = new UserFile(dirs.resolve(config.users_file()), config.bcrypt_cost());
        this.cacheNanos = config.login_cache_s() * 1_000_000_000L;
        this.clock = clock;
        this.policy = new PasswordPolicy(config.password_min_length(), config.password_min_classes());
        this.guard = new LoginGuard(config.lockout_user_failures(), config.lockout_address_failures(),
                config.lockout_window_s() * 1_000_000_000L, config.lockout_duration_s() * 1_000_000_000L, clock);
        new SecureRandom().nextBytes(cacheKey);
        users.load();
        new AdminBootstrap(users, dirs.data(), env).ensureAdmin();
    }

    @Override
    public Optional<AppUser> authenticate(String name, char[] password) {
        return authenticate(name, password, "");
    }

    @Override
    public Optional<AppUser> authenticate(String name, char[] password, String remoteAddress) {
        if (name == null || password == null || password.length == 0) {
            return Optional.empty();
        }
        if (guard.locked(name, remoteAddress)) {
            return Optional.empty();
        }
        Optional<AppUser> user = checkPassword(name, password);
        if (user.isPresent()) {
            guard.succeeded(name);
        } else {
            guard.failed(name, remoteAddress);
        }
        return user;
    }

    @Override
    public Optional<AppUser> authenticatePublicKey(String name, String publicKey, String remoteAddress) {
        if (name == null || publicKey == null || guard.locked(name, remoteAddress)) {
            return Optional.empty();
        }
        AuthorizedKeyLine offered;
        try {
            offered = AuthorizedKeyLine.parse(publicKey);
        } catch (UserException e) {
            return Optional.empty();
        }
        boolean known = users.keys(name).stream().map(AuthorizedKeyLine::parse).anyMatch(offered::sameKey);
        Optional<AppUser> user = known ? users.user(name) : Optional.empty();
        user.ifPresent(u -> guard.succeeded(name));
        return user;
    }

    private Optional<AppUser> checkPassword(String name, char[] password) {
        byte[] mac = mac(name, password);
        CachedLogin cached = cache.get(name);
        long now = clock.getAsLong();
        if (cached != null && now - cached.expiresAtNanos() < 0 && MessageDigest.isEqual(cached.mac(), mac)) {
            return Optional.of(cached.user());
        }
        Optional<AppUser> user = users.check(name, password);
        if (user.isPresent() && cacheNanos > 0) {
            if (cache.size() >= MAX_CACHED_LOGINS) {
                cache.clear();
            }
            cache.put(name, new CachedLogin(mac, user.get(), now + cacheNanos));
        }
        return user;
    }

    @Override
    public Optional<AppUser> authenticateToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return users.tokenOwner(token.trim());
    }

    @Override
    public List<UserInfo> users() {
        return users.list();
    }

    @Override
    public synchronized UserInfo createUser(String name, char[] password, Set<Role> roles) {
        try {
            UserFile.validateName(name);
        } catch (IllegalArgumentException e) {
            throw new UserException(Problem.INVALID, e.getMessage());
        }
        if (users.hasUser(name)) {
            throw new UserException(Problem.CONFLICT, "user " + name + " exists");
        }
        policy.check(name, password);
        io(() -> users.putUser(name, password, requireRoles(roles), false));
        return info(name);
    }

    @Override
    public synchronized void deleteUser(String name) {
        existing(name);
        if (isLastAdmin(name)) {
            throw new UserException(Problem.CONFLICT, name + " is the last administrator");
        }
        io(() -> users.removeUser(name));
        cache.remove(name);
    }

    @Override
    public synchronized UserInfo setRoles(String name, Set<Role> roles) {
        existing(name);
        if (!roles.contains(Role.ADMIN) && isLastAdmin(name)) {
            throw new UserException(Problem.CONFLICT, name + " is the last administrator");
        }
        io(() -> users.setRoles(name, requireRoles(roles)));
        cache.remove(name);
        return info(name);
    }

    @Override
    public synchronized void setPassword(String name, char[] password, boolean mustChange) {
        existing(name);
        policy.check(name, password);
        io(() -> users.setPassword(name, password, mustChange));
        cache.remove(name);
    }

    @Override
    public void changeOwnPassword(String name, char[] current, char[] replacement, String remoteAddress) {
        existing(name);
        if (guard.locked(name, remoteAddress)) {
            throw new UserException(Problem.INVALID, "too many failed logins as " + name + " or from this address: try again later");
        }
        if (authenticate(name, current, remoteAddress).isEmpty()) {
            throw new UserException(Problem.INVALID, "the current password is wrong");
        }
        if (java.util.Arrays.equals(current, replacement)) {
            throw new UserException(Problem.INVALID, "the new password must differ from the current one");
        }
        setPassword(name, replacement, false);
    }

    @Override
    public List<AuthorizedKey> authorizedKeys(String name) {
        existing(name);
        return users.keys(name).stream().map(l -> AuthorizedKeyLine.parse(l).info()).toList();
    }

    @Override
    public synchronized AuthorizedKey addAuthorizedKey(String name, String publicKeyLine) {
        existing(name);
        AuthorizedKeyLine key = AuthorizedKeyLine.parse(publicKeyLine);
        List<String> keys = users.keys(name);
        if (keys.stream().map(AuthorizedKeyLine::parse).anyMatch(key::sameKey)) {
            throw new UserException(Problem.CONFLICT, "user " + name + " has that key already (" + key.fingerprint() + ")");
        }
        if (keys.size() >= MAX_KEYS) {
            throw new UserException(Problem.CONFLICT, "user " + name + " has " + MAX_KEYS + " keys, the most allowed");
        }
        List<String> changed = new java.util.ArrayList<>(keys);
        changed.add(key.line());
        io(() -> users.setKeys(name, changed));
        return key.info();
    }

    @Override
    public synchronized boolean removeAuthorizedKey(String name, String fingerprint) {
        existing(name);
        List<String> keys = users.keys(name);
        List<String> kept = keys.stream().filter(l -> !AuthorizedKeyLine.parse(l).fingerprint().equals(fingerprint)).toList();
        if (kept.size() == keys.size()) {
            return false;
        }
        io(() -> users.setKeys(name, kept));
        return true;
    }

    @Override
    public synchronized String createToken(String name) {
        existing(name);
        byte[] random = new byte[30];
        new SecureRandom().nextBytes(random);
        String token = java.util.HexFormat.of().formatHex(random);
        io(() -> users.putToken(name, token));
        return token;
    }

    @Override
    public synchronized boolean revokeToken(String name, String tokenId) {
        existing(name);
        boolean[] revoked = new boolean[1];
        io(() -> revoked[0] = users.revokeToken(name, tokenId == null ? "" : tokenId));
        return revoked[0];
    }

    private UserInfo info(String name) {
        return users.list().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    private void existing(String name) {
        if (name == null || !users.hasUser(name)) {
            throw new UserException(Problem.NOT_FOUND, "no user " + name);
        }
    }

    private boolean isLastAdmin(String name) {
        Set<Role> roles = users.roles(name);
        return roles != null && roles.contains(Role.ADMIN)
                && users.list().stream().filter(u -> u.roles().contains(Role.ADMIN)).count() == 1;
    }

    private static Set<Role> requireRoles(Set<Role> roles) {
        if (roles == null || roles.isEmpty()) {
            throw new UserException(Problem.INVALID, "a user needs at least one role (admin, user, sensor-register)");
        }
        return roles;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the user file: " + e.getMessage(), e);
        }
    }

    private byte[] mac(String name, char[] password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            hmac.update(name.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            hmac.update(bytes);
            return hmac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
