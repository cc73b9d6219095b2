// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.util.Locale;

/**
 * What the store counts sightings of: a kind and its value. As text, {@code kind:value}, which is
 * also the key of its summary in the store: {@code ja3:<md5>}, {@code ja3s:<md5>}, {@code ja4:<ja4>},
 * {@code pair:<ja3 md5>,<ja3s md5>}, {@code certificate:<sha256>}.
 */
record FingerprintKey(Kind kind, String value) {
    enum Kind {
        JA3, JA3S, JA4, PAIR, CERTIFICATE;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id)) {
                    return k;
                }
            }
            return null;
        }
    }

    String text() {
        return kind.id() + ":" + value;
    }

    /** The key of a stored text, or null when the text is not one. */
    static FingerprintKey parse(String text) {
        int colon = text.indexOf(':');
        Kind kind = colon < 0 ? null : Kind.of(text.substring(0, colon));
        return kind == null ? null : new FingerprintKey(kind, text.substring(colon + 1));
    }
}
