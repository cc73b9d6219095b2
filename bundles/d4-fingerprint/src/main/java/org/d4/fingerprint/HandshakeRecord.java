// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.d4.fingerprint.tls.CertificateInfo;
import org.d4.fingerprint.tls.ClientHello;
import org.d4.fingerprint.tls.ServerHello;

/**
 * What one TLS handshake showed. {@code clientHello} is the first ClientHello of the connection (the
 * one the fingerprints are computed from); after a HelloRetryRequest {@code retriedClientHello} is the
 * second. {@code serverHello} is the ServerHello that settled the connection (not the HRR), or null if
 * none was seen. Fingerprint fields are null when their hello was not seen. Certificates are those
 * visible on the wire: TLS 1.2 and earlier; TLS 1.3 encrypts them.
 *
 * @param timestamp capture time of the segment that completed the first ClientHello
 * @param complete both directions' handshakes were read to their encrypted part; false when the flow
 *        ended (FIN, RST, idle, end of input) or was given up (malformed, over a limit) before
 * @param resumed the server accepted a resumption: it echoed the client's session id (TLS 1.2 and
 *        earlier) or selected a pre-shared key (TLS 1.3)
 */
public record HandshakeRecord(Instant timestamp, InetSocketAddress client, InetSocketAddress server,
                              ClientHello clientHello, ClientHello retriedClientHello, ServerHello serverHello,
                              boolean helloRetryRequest, String ja3, String ja3Md5, String ja3s, String ja3sMd5,
                              String ja4, String ja4Raw, String ja4Original, String ja4RawOriginal,
                              List<CertificateInfo> serverCertificates, List<CertificateInfo> clientCertificates,
                              boolean resumed, boolean complete) {

    /** The server name the client asked for, or null. */
    public String serverName() {
        return clientHello == null ? null : clientHello.serverName();
    }

    /** The ALPN protocols the client offered, in its order. */
    public List<String> offeredAlpn() {
        return clientHello == null ? List.of() : clientHello.alpn();
    }

    /** The ALPN protocol the server chose, or null. */
    public String selectedAlpn() {
        return serverHello == null ? null : serverHello.selectedAlpn();
    }

    /** The version in effect: supported_versions of the ServerHello, else its legacy version; 0 if unknown. */
    public int negotiatedVersion() {
        return serverHello == null ? 0 : serverHello.selectedVersion();
    }

    /** The cipher suite the server chose; -1 if unknown. */
    public int negotiatedCipher() {
        return serverHello == null ? -1 : serverHello.cipherSuite();
    }

    /** A client certificate was sent in the clear (mutual TLS in TLS 1.2 and earlier). */
    public boolean mutualTls() {
        return !clientCertificates.isEmpty();
    }

    /** The client offered to resume: a session ticket or a pre-shared key. */
    public boolean resumptionOffered() {
        return clientHello != null && (clientHello.sessionTicketOffered() || clientHello.pskOffered());
    }
}
