// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.function.UnaryOperator;
import org.d4.api.security.Role;
import org.d4.common.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first administrator so that the appliance never runs with a known password: the
 * password comes from {@code D4_ADMIN_PASSWORD} or is generated, written owner-only to
 * {@code data/initial-admin-password}, whose name (never the secret) is logged; the API token likewise.
 */
final class AdminBootstrap {
    static final String ADMIN = "admin";
    static final String PASSWORD_ENV = "D4_ADMIN_PASSWORD";
    static final String TOKEN_ENV = "D4_ADMIN_TOKEN";
    static final int MIN_PASSWORD_LENGTH = 8;
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    // no look-alike characters, so an operator can type what they read
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final UserFile users;
    private final Path dataDir;
    private final UnaryOperator<String> environment;
    private final SecureRandom random = new SecureRandom();

    AdminBootstrap(UserFile users, Path dataDir, UnaryOperator<String> environment) {
        this.users = users;
        this.dataDir = dataDir;
        this.environment = environment;
    }

    /** Does nothing once any user exists: the bootstrap is for the very first start only. */
    void ensureAdmin() throws IOException {
        if (users.hasUsers()) {
            return;
        }
        String fromEnv = environment.apply(PASSWORD_ENV);
        boolean generated = !acceptable(fromEnv);
        if (fromEnv != null && generated) {
            LOG.error("{} is ignored: it must have at least {} characters and differ from the user name; generating a password instead",
                    PASSWORD_ENV, MIN_PASSWORD_LENGTH);
        }
        String password = generated ? randomString(20) : fromEnv;
        users.putUser(ADMIN, password.toCharArray(), EnumSet.of(Role.ADMIN, Role.USER), generated);
        if (generated) {
            Path file = dataDir.resolve("initial-admin-password");
            SecretFiles.writePrivate(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
            // the secret stays in the owner-only file: logs are kept, rotated and copied around
            LOG.warn("Created user '{}' with a generated password, written to {} (owner-only); change it after the first login",
                    ADMIN, file);
        } else {
            LOG.info("Created user '{}' with the password from {}", ADMIN, PASSWORD_ENV);
        }

        String token = environment.apply(TOKEN_ENV);
        boolean tokenGenerated = token == null || token.length() < 20;
        if (token != null && tokenGenerated) {
            LOG.error("{} is ignored: an API token needs at least 20 characters; generating one instead", TOKEN_ENV);
        }
        if (tokenGenerated) {
            token = randomString(40);
            Path file = dataDir.resolve("initial-admin-token");
            SecretFiles.writePrivate(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
            LOG.warn("Created an API token for '{}', written to {} (owner-only)", ADMIN, file);
        }
        users.putToken(ADMIN, token);
    }

    private static boolean acceptable(String password) {
        return password != null && password.length() >= MIN_PASSWORD_LENGTH && !password.equalsIgnoreCase(ADMIN);
    }

    private String randomString(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
