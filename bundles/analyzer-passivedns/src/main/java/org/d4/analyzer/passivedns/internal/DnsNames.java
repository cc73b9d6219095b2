// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

/**
 * Owner names as stored: lower case, without the trailing dot (the root stays {@code "."}), at most
 * 253 characters in labels of at most 63, no empty label, no control character or space. Stored
 * reversed by label ({@code www.example.com} as {@code com.example.www}) so that the names under a
 * domain are one contiguous range of the index.
 */
final class DnsNames {
    static final int MAX_LENGTH = 253;

    private DnsNames() {
    }

    /** The stored form of a name, or null when it is not a usable name. */
    static String normalize(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH + 1) {
            return null;
        }
        if (raw.equals(".")) {
            return ".";
        }
        String name = raw.charAt(raw.length() - 1) == '.' ? raw.substring(0, raw.length() - 1) : raw;
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return null;
        }
        StringBuilder out = null;
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return null;
            }
            if (c == '.') {
                if (labelLength == 0) {
                    return null;
                }
                labelLength = 0;
            } else if (++labelLength > 63) {
                return null;
            }
            char lower = Character.toLowerCase(c);
            if (lower != c && out == null) {
                out = new StringBuilder(name.length()).append(name, 0, i);
            }
            if (out != null) {
                out.append(lower);
            }
        }
        if (labelLength == 0) {
            return null;
        }
        return out == null ? name : out.toString();
    }

    /** {@code www.example.com} to {@code com.example.www} (and back: the operation is its own inverse). */
    static String reverse(String name) {
        if (name.indexOf('.') < 0 || name.equals(".")) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        int end = name.length();
        for (int i = name.length() - 1; i >= -1; i--) {
            if (i < 0 || name.charAt(i) == '.') {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(name, i + 1, end);
                end = i;
            }
        }
        return out.toString();
    }
}
