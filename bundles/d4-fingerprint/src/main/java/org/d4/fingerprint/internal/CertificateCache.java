// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.d4.fingerprint.tls.CertificateInfo;
import org.d4.fingerprint.tls.TlsFormatException;

/**
 * The certificates parsed last, by their DER: a server sends the same chain to every client, and
 * parsing it (BouncyCastle, a signature check for self-signed ones) costs far more than the rest of
 * a handshake. Least recently used entries go first; {@link #MAX_ENTRIES} bounds the memory (a few
 * KiB per certificate). Unreadable certificates are not cached.
 */
public final class CertificateCache {

    static final int MAX_ENTRIES = 1_024;

    private final Map<ByteBuffer, CertificateInfo> parsed = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, CertificateInfo> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public CertificateInfo parse(byte[] b, int offset, int length) throws TlsFormatException {
        CertificateInfo known = parsed.get(ByteBuffer.wrap(b, offset, length));
        if (known != null) {
            return known;
        }
        byte[] der = java.util.Arrays.copyOfRange(b, offset, offset + length);
        CertificateInfo info = CertificateInfo.parse(der);
        parsed.put(ByteBuffer.wrap(info.der()), info);
        return info;
    }
}
