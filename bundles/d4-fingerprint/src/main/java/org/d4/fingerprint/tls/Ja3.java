// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * JA3 (client) and JA3S (server) strings: decimal values, lists joined by '-', fields by ',', GREASE
 * removed from every list, extensions in wire order. Hash them with {@link Digests#md5}.
 */
public final class Ja3 {
    private Ja3() {
    }

    /** SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats */
    public static String client(ClientHello hello) {
        return hello.legacyVersion() + "," + join(Grease.without(hello.cipherSuites())) + ","
                + join(Grease.without(hello.extensions())) + "," + join(Grease.without(hello.supportedGroups())) + ","
                + join(hello.ecPointFormats());
    }

    /** SSLVersion,Cipher,Extensions */
    public static String server(ServerHello hello) {
        return hello.legacyVersion() + "," + hello.cipherSuite() + "," + join(Grease.without(hello.extensions()));
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining("-"));
    }
}
