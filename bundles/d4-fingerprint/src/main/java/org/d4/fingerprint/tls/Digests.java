// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lower-case hex digests. */
public final class Digests {
    private Digests() {
    }

    public static String md5(String text) {
        return hex("MD5", text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String sha256(String text) {
        return hex("SHA-256", text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
