// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * How long records of each type live without being seen again, from entries such as
 * {@code TXT=86400} (a type mnemonic or number, then seconds). Types without an entry never expire.
 */
final class Expirations {
    private final Map<Integer, Long> seconds;

    private Expirations(Map<Integer, Long> seconds) {
        this.seconds = Map.copyOf(seconds);
    }

    static Expirations none() {
        return new Expirations(Map.of());
    }

    /** Parses the entries; IllegalArgumentException names the first bad one. */
    static Expirations parse(String[] entries, RrTypes types) {
        Map<Integer, Long> out = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String part : entry.split(",")) {
                String e = part.strip();
                if (e.isEmpty()) {
                    continue;
                }
                int eq = e.indexOf('=');
                int type = eq > 0 ? types.number(e.substring(0, eq).strip()) : -1;
                long s;
                try {
                    s = eq > 0 ? Long.parseLong(e.substring(eq + 1).strip()) : -1;
                } catch (NumberFormatException x) {
                    s = -1;
                }
                if (type < 0 || s < 1) {
                    throw new IllegalArgumentException("expiration entries are TYPE=seconds (seconds at least 1), not: " + e);
                }
                out.put(type, s);
            }
        }
        return new Expirations(out);
    }

    boolean isEmpty() {
        return seconds.isEmpty();
    }

    boolean applies(int type) {
        return seconds.containsKey(type);
    }

    /** True when a record of this type last seen at {@code timeLast} has expired at {@code now}. */
    boolean expired(int type, long timeLast, long now) {
        Long s = seconds.get(type);
        return s != null && timeLast < now - s;
    }

    Map<Integer, Long> asMap() {
        return seconds;
    }
}
