// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import java.util.Arrays;

/**
 * The JA4 client fingerprint (FoxIO's JA4 specification, BSD 3-Clause) for TLS over TCP, with its
 * raw ({@code _r}) and original-order ({@code _o}, {@code _ro}) forms. Only JA4 itself: the other
 * JA4+ methods are under a different licence and not implemented.
 */
public record Ja4(String ja4, String ja4Raw, String ja4Original, String ja4RawOriginal) {

    private static final String EMPTY_HASH = "000000000000";

    public static Ja4 of(ClientHello hello) {
        int[] ciphers = Grease.without(hello.cipherSuites());
        int[] extensions = Grease.without(hello.extensions());
        int[] signatures = Grease.without(hello.signatureAlgorithms());
        String prefix = "t" + version(hello) + (hello.serverName() != null || contains(extensions, ClientHello.EXT_SERVER_NAME) ? "d" : "i")
                + twoDigits(ciphers.length) + twoDigits(extensions.length) + alpn(hello);

        String sortedCiphers = hexList(sorted(ciphers));
        int[] kept = Arrays.stream(extensions)
                .filter(e -> e != ClientHello.EXT_SERVER_NAME && e != ClientHello.EXT_ALPN).toArray();
        String sortedExtensions = hexList(sorted(kept)) + signatureSuffix(signatures);
        String originalCiphers = hexList(ciphers);
        String originalExtensions = hexList(extensions) + signatureSuffix(signatures);

        String ja4 = prefix + "_" + hash(sortedCiphers, ciphers.length) + "_" + hash(sortedExtensions, kept.length);
        String ja4o = prefix + "_" + hash(originalCiphers, ciphers.length) + "_" + hash(originalExtensions, extensions.length);
        return new Ja4(ja4, prefix + "_" + sortedCiphers + "_" + sortedExtensions, ja4o,
                prefix + "_" + originalCiphers + "_" + originalExtensions);
    }

    /** The highest supported_versions value, else the legacy version; GREASE ignored. */
    static String version(ClientHello hello) {
        int best = -1;
        for (int v : Grease.without(hello.supportedVersions())) {
            best = Math.max(best, v);
        }
        return switch (best >= 0 ? best : hello.legacyVersion()) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
    }

    /** First and last character of the first ALPN value; their hex digits if either is not alphanumeric. */
    static String alpn(ClientHello hello) {
        if (hello.alpn().isEmpty() || hello.alpn().get(0).isEmpty()) {
            return "00";
        }
        String first = hello.alpn().get(0);
        char a = first.charAt(0);
        char z = first.charAt(first.length() - 1);
        if (alphanumeric(a) && alphanumeric(z)) {
            return "" + a + z;
        }
        String hexA = String.format("%02x", (int) a);
        String hexZ = String.format("%02x", (int) z);
        return "" + hexA.charAt(0) + hexZ.charAt(1);
    }

    private static boolean alphanumeric(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static String signatureSuffix(int[] signatures) {
        return signatures.length == 0 ? "" : "_" + hexList(signatures);
    }

    private static String hash(String list, int count) {
        return count == 0 ? EMPTY_HASH : Digests.sha256(list).substring(0, 12);
    }

    private static String twoDigits(int n) {
        int capped = Math.min(n, 99);
        return capped < 10 ? "0" + capped : Integer.toString(capped);
    }

    private static int[] sorted(int[] values) {
        int[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static boolean contains(int[] values, int wanted) {
        return Arrays.stream(values).anyMatch(v -> v == wanted);
    }

    static String hexList(int[] values) {
        StringBuilder out = new StringBuilder(values.length * 5);
        for (int v : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            for (int shift = 12; shift >= 0; shift -= 4) {
                out.append(Character.forDigit(v >>> shift & 0xf, 16));
            }
        }
        return out.toString();
    }
}
