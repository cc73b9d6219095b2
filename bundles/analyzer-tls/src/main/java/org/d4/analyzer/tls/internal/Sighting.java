// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.util.List;
import java.util.UUID;
import org.d4.fingerprint.tls.CertificateInfo;

/**
 * One TLS handshake as the analyzer keeps it, whether it came as a {@code ja3-jl} line or from a
 * capture. Addresses are text in their canonical form ({@link Addresses#canonical}); fingerprints
 * are lower-case and null when their hello was not seen.
 *
 * @param epochSecond when the handshake happened
 * @param certificates the server's certificates, parsed
 */
record Sighting(long epochSecond, UUID sensor, String clientIp, int clientPort, String serverIp, int serverPort,
                String ja3, String ja3Md5, String ja3s, String ja3sMd5, String ja4, String sni, List<String> alpn,
                List<CertificateInfo> certificates) {

    /** A handshake the fingerprinting library found in a capture. */
    static Sighting of(org.d4.fingerprint.HandshakeRecord r, UUID sensor) {
        return new Sighting(r.timestamp().getEpochSecond(), sensor, r.client() == null ? null : Addresses.text(r.client().getAddress()),
                r.client() == null ? 0 : r.client().getPort(), r.server() == null ? null : Addresses.text(r.server().getAddress()),
                r.server() == null ? 0 : r.server().getPort(), r.ja3(), r.ja3Md5(), r.ja3s(), r.ja3sMd5(), r.ja4(),
                r.serverName() == null ? null : DnsNames.normalize(r.serverName()), r.offeredAlpn(), r.serverCertificates());
    }

    /** The fingerprint keys this handshake counts for: JA3, JA3S, JA4, the JA3+JA3S pair and each certificate. */
    List<FingerprintKey> keys() {
        List<FingerprintKey> out = new java.util.ArrayList<>(4 + certificates.size());
        if (ja3Md5 != null) {
            out.add(new FingerprintKey(FingerprintKey.Kind.JA3, ja3Md5));
        }
        if (ja3sMd5 != null) {
            out.add(new FingerprintKey(FingerprintKey.Kind.JA3S, ja3sMd5));
        }
        if (ja4 != null) {
            out.add(new FingerprintKey(FingerprintKey.Kind.JA4, ja4));
        }
        if (ja3Md5 != null && ja3sMd5 != null) {
            out.add(new FingerprintKey(FingerprintKey.Kind.PAIR, ja3Md5 + "," + ja3sMd5));
        }
        for (CertificateInfo c : certificates) {
            out.add(new FingerprintKey(FingerprintKey.Kind.CERTIFICATE, c.sha256()));
        }
        return out;
    }

    /** The readable form of a fingerprint of this handshake (the JA3 string behind its MD5), or null. */
    String detail(FingerprintKey key) {
        return switch (key.kind()) {
            case JA3 -> ja3;
            case JA3S -> ja3s;
            default -> null;
        };
    }
}
