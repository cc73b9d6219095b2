// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;
import org.d4.api.security.UserAdmin.AuthorizedKey;
import org.d4.api.security.UserException;
import org.d4.api.security.UserException.Problem;

/**
 * An OpenSSH public key line ({@code ssh-ed25519 AAAAC3... comment}, as in {@code id_ed25519.pub}):
 * the type, the key blob (whose first field must repeat the type), and its SHA-256 fingerprint in
 * OpenSSH's notation. Options ({@code from=...}) are not accepted: the appliance has no use for them.
 */
record AuthorizedKeyLine(String type, byte[] blob, String comment) {
    static final int MAX_LINE = 16 * 1024;
    static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    static AuthorizedKeyLine parse(String line) {
        if (line == null || line.isBlank()) {
            throw invalid("an SSH public key line is required (the content of id_ed25519.pub, for example)");
        }
        if (line.length() > MAX_LINE) {
            throw invalid("an SSH public key line has at most " + MAX_LINE + " characters");
        }
        String[] parts = line.strip().split("\\s+", 3);
        if (!TYPES.contains(parts[0])) {
            throw invalid("not an SSH public key: the line must start with one of " + String.join(", ", new java.util.TreeSet<>(TYPES)));
        }
        if (parts.length < 2) {
            throw invalid("the SSH public key has no key data after " + parts[0]);
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid("the SSH public key data is not base64");
        }
        if (!parts[0].equals(firstString(blob))) {
            throw invalid("the SSH public key data is not a " + parts[0] + " key");
        }
        String comment = parts.length == 3 ? parts[2].replaceAll("\\p{Cntrl}", " ").strip() : "";
        return new AuthorizedKeyLine(parts[0], blob, comment);
    }

    /** The same key, whatever the comment. */
    boolean sameKey(AuthorizedKeyLine other) {
        return type.equals(other.type) && MessageDigest.isEqual(blob, other.blob);
    }

    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    String line() {
        return type + " " + Base64.getEncoder().encodeToString(blob) + (comment.isEmpty() ? "" : " " + comment);
    }

    AuthorizedKey info() {
        return new AuthorizedKey(fingerprint(), type, comment, line());
    }

    private static String firstString(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        int length = in.getInt();
        if (length <= 0 || length > 64 || length > in.remaining()) {
            return null;
        }
        byte[] name = new byte[length];
        in.get(name);
        return new String(name, StandardCharsets.US_ASCII);
    }

    private static UserException invalid(String message) {
        return new UserException(Problem.INVALID, message);
    }
}
