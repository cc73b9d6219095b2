// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.d4.common.SecretFiles;

/**
 * Tells, without opening it, that the PKCS#12 file on disk (and the trust store written with it) is
 * the one written for this certificate and password: opening it to compare costs two 10,000-round
 * key derivations at every start, while a SHA-256 over the files, the password and the certificate,
 * kept in a file next to the key store, is read in microseconds. Any change to a file, the password
 * or the certificate makes the stamps differ.
 */
final class KeyStoreStamp {
    private final Path stampFile;

    KeyStoreStamp(Path keystore) {
        this.stampFile = keystore.resolveSibling(keystore.getFileName() + ".sha256");
    }

    /** True when the stamp on disk matches these store files, password and certificate. */
    boolean matches(List<Path> stores, String password, Certificate leaf) {
        try {
            if (!Files.exists(stampFile)) {
                return false;
            }
            String expected = Files.readString(stampFile, StandardCharsets.US_ASCII).strip();
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    stamp(stores, password, leaf).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | GeneralSecurityException e) {
            return false;  // a file missing or unreadable: the caller rebuilds
        }
    }

    /** Records that the store files now on disk hold this certificate under this password. */
    void write(List<Path> stores, String password, Certificate leaf) throws IOException, GeneralSecurityException {
        SecretFiles.writePrivate(stampFile, stamp(stores, password, leaf).getBytes(StandardCharsets.US_ASCII));
    }

    static String stamp(List<Path> stores, String password, Certificate leaf) throws IOException, GeneralSecurityException {
        List<byte[]> parts = new ArrayList<>();
        for (Path store : stores) {
            parts.add(Files.readAllBytes(store));
        }
        parts.add(password.getBytes(StandardCharsets.UTF_8));
        parts.add(leaf.getEncoded());
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        // each part prefixed with its length, so no two different lists hash the same bytes
        for (byte[] part : parts) {
            sha.update(ByteBuffer.allocate(4).putInt(part.length).array());
            sha.update(part);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
