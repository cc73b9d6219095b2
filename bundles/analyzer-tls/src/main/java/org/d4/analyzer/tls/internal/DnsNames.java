// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.util.Locale;

/**
 * Server names as the store keeps them: lower case, without a final dot, labels of letters,
 * digits, hyphens and underscores (what SNI carries, RFC 6066 3: host names, no addresses), and
 * reversed label by label for the name index, so that {@code *.example.com} is one range.
 */
final class DnsNames {
    static final int MAX_NAME = 253;

    private DnsNames() {
    }

    /** The normalized name, or null when the text is not a host name. */
    static String normalize(String text) {
        String n = text.strip().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.length() > MAX_NAME) {
            return null;
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return null;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                    return null;
                }
            }
        }
        return n;
    }

    /** {@code www.example.com} as {@code com.example.www}. */
    static String reversed(String name) {
        String[] labels = name.split("\\.");
        StringBuilder out = new StringBuilder(name.length());
        for (int i = labels.length - 1; i >= 0; i--) {
            out.append(labels[i]);
            if (i > 0) {
                out.append('.');
            }
        }
        return out.toString();
    }
}
