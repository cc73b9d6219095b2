// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.d4.api.security.AppUser;
import org.d4.api.security.UserDirectory;
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
 * every request and bcrypt is deliberately slow.
 */
@Component(configurationPid = "d4.auth", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UserDirectoryConfig.class)
public final class FileUserDirectory implements UserDirectory {
    private static final int MAX_CACHED_LOGINS = 1024;

    private record CachedLogin(byte[] mac, AppUser user, long expiresAtNanos) {}

    private final UserFile users;
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
        new SecureRandom().nextBytes(cacheKey);
        users.load();
        new AdminBootstrap(users, dirs.data(), env).ensureAdmin();
    }

    @Override
    public Optional<AppUser> authenticate(String name, char[] password) {
        if (name == null || password == null || password.length == 0) {
            return Optional.empty();
        }
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
