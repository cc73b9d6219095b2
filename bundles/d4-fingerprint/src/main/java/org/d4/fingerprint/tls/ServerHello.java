// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a ServerHello selects. {@code helloRetryRequest} is true for a TLS 1.3 HelloRetryRequest,
 * a ServerHello whose random is the fixed value of RFC 8446 4.1.3; {@code selectedVersion} is the
 * supported_versions value (TLS 1.3) or the legacy version; {@code selectedAlpn} null if none.
 */
public record ServerHello(int legacyVersion, boolean helloRetryRequest, byte[] sessionId, int cipherSuite,
                          int compressionMethod, int[] extensions, int selectedVersion, String selectedAlpn,
                          boolean pskSelected, boolean sessionTicketPromised) {

    /** SHA-256 of "HelloRetryRequest" (RFC 8446 section 4.1.3). */
    private static final byte[] RETRY_RANDOM = hex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c");

    public static ServerHello parse(byte[] b, int offset, int length) throws TlsFormatException {
        WireReader r = new WireReader(b, offset, length);
        int version = r.u16("server version");
        byte[] random = r.bytes(32, "server random");
        byte[] sessionId = r.bytes(r.u8("session id length"), "session id");
        if (sessionId.length > 32) {
            throw new TlsFormatException("session id of " + sessionId.length + " bytes");
        }
        int cipher = r.u16("cipher suite");
        int compression = r.u8("compression method");
        List<Integer> types = new ArrayList<>();
        int selected = version;
        String alpn = null;
        boolean psk = false;
        boolean ticket = false;
        if (r.remaining() > 0) {
            WireReader all = r.slice(r.u16("extensions length"), "extensions");
            while (all.remaining() > 0) {
                int type = all.u16("extension type");
                WireReader data = all.slice(all.u16("extension length"), "extension data");
                types.add(type);
                switch (type) {
                    case ClientHello.EXT_SUPPORTED_VERSIONS -> selected = data.u16("selected version");
                    case ClientHello.EXT_ALPN -> {
                        WireReader list = data.slice(data.u16("ALPN list length"), "ALPN list");
                        alpn = new String(list.bytes(list.u8("ALPN name length"), "ALPN name"), StandardCharsets.ISO_8859_1);
                    }
                    case ClientHello.EXT_PRE_SHARED_KEY -> psk = true;
                    case ClientHello.EXT_SESSION_TICKET -> ticket = true;
                    default -> {
                        // counted by type only
                    }
                }
            }
        }
        return new ServerHello(version, Arrays.equals(random, RETRY_RANDOM), sessionId, cipher, compression,
                types.stream().mapToInt(Integer::intValue).toArray(), selected, alpn, psk, ticket);
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
