// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a ClientHello offers, lists in wire order with GREASE values kept (the fingerprints drop them).
 * {@code serverName} is null without a server_name extension; ALPN names are decoded byte for byte
 * (ISO-8859-1), so no byte is lost. The arrays are the record's own: do not modify them.
 */
public record ClientHello(int legacyVersion, byte[] sessionId, int[] cipherSuites, int[] compressionMethods,
                          int[] extensions, String serverName, List<String> alpn, int[] supportedGroups,
                          int[] ecPointFormats, int[] signatureAlgorithms, int[] supportedVersions,
                          boolean sessionTicketOffered, boolean pskOffered) {

    public static final int EXT_SERVER_NAME = 0x0000;
    public static final int EXT_SUPPORTED_GROUPS = 0x000a;
    public static final int EXT_EC_POINT_FORMATS = 0x000b;
    public static final int EXT_SIGNATURE_ALGORITHMS = 0x000d;
    public static final int EXT_ALPN = 0x0010;
    public static final int EXT_SESSION_TICKET = 0x0023;
    public static final int EXT_PRE_SHARED_KEY = 0x0029;
    public static final int EXT_SUPPORTED_VERSIONS = 0x002b;

    /** Parses the body of a ClientHello handshake message (after its 4-byte handshake header). */
    public static ClientHello parse(byte[] b, int offset, int length) throws TlsFormatException {
        WireReader r = new WireReader(b, offset, length);
        int version = r.u16("client version");
        r.slice(32, "client random");
        byte[] sessionId = r.bytes(r.u8("session id length"), "session id");
        if (sessionId.length > 32) {
            throw new TlsFormatException("session id of " + sessionId.length + " bytes");
        }
        int[] ciphers = r.u16List(r.u16("cipher suites length"), "cipher suites");
        int compressionLength = r.u8("compression methods length");
        int[] compression = new int[compressionLength];
        for (int i = 0; i < compressionLength; i++) {
            compression[i] = r.u8("compression method");
        }
        Builder x = new Builder();
        if (r.remaining() > 0) {
            WireReader all = r.slice(r.u16("extensions length"), "extensions");
            List<Integer> types = new ArrayList<>();
            while (all.remaining() > 0) {
                int type = all.u16("extension type");
                WireReader data = all.slice(all.u16("extension length"), "extension data");
                types.add(type);
                x.read(type, data);
            }
            x.extensions = types.stream().mapToInt(Integer::intValue).toArray();
        }
        return new ClientHello(version, sessionId, ciphers, compression, x.extensions, x.serverName,
                List.copyOf(x.alpn), x.groups, x.pointFormats, x.signatureAlgorithms, x.versions, x.ticket, x.psk);
    }

    private static final class Builder {
        int[] extensions = new int[0];
        String serverName;
        List<String> alpn = new ArrayList<>();
        int[] groups = new int[0];
        int[] pointFormats = new int[0];
        int[] signatureAlgorithms = new int[0];
        int[] versions = new int[0];
        boolean ticket;
        boolean psk;

        void read(int type, WireReader data) throws TlsFormatException {
            switch (type) {
                case EXT_SERVER_NAME -> {
                    if (data.remaining() == 0) {
                        return;                          // a server's empty echo; not in a ClientHello normally
                    }
                    WireReader list = data.slice(data.u16("server name list length"), "server name list");
                    while (list.remaining() > 0) {
                        int nameType = list.u8("server name type");
                        byte[] name = list.bytes(list.u16("server name length"), "server name");
                        if (nameType == 0 && serverName == null) {
                            serverName = new String(name, StandardCharsets.ISO_8859_1);
                        }
                    }
                }
                case EXT_ALPN -> {
                    WireReader list = data.slice(data.u16("ALPN list length"), "ALPN list");
                    while (list.remaining() > 0) {
                        alpn.add(new String(list.bytes(list.u8("ALPN name length"), "ALPN name"), StandardCharsets.ISO_8859_1));
                    }
                }
                case EXT_SUPPORTED_GROUPS -> groups = data.u16List(data.u16("groups length"), "groups");
                case EXT_EC_POINT_FORMATS -> {
                    int n = data.u8("point formats length");
                    pointFormats = new int[n];
                    for (int i = 0; i < n; i++) {
                        pointFormats[i] = data.u8("point format");
                    }
                }
                case EXT_SIGNATURE_ALGORITHMS -> signatureAlgorithms = data.u16List(data.u16("signature algorithms length"),
                        "signature algorithms");
                case EXT_SUPPORTED_VERSIONS -> versions = data.u16List(data.u8("supported versions length"), "supported versions");
                case EXT_SESSION_TICKET -> ticket = data.remaining() > 0;
                case EXT_PRE_SHARED_KEY -> psk = true;
                default -> {
                    // other extensions only count by type
                }
            }
        }
    }
}
