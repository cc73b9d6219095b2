// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Names not to keep: a query name containing any of these substrings (compared in lower case) is left out. */
final class Exclusions {
    private final String[] substrings;

    Exclusions(String[] configured) {
        List<String> out = new ArrayList<>();
        for (String entry : configured == null ? new String[0] : configured) {
            for (String part : entry.split(",")) {
                String s = part.strip().toLowerCase(Locale.ROOT);
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        this.substrings = out.toArray(String[]::new);
    }

    /** Matched against the name with its trailing dot, as passivedns writes it: {@code .local.} works as well as {@code .local}. */
    boolean excludes(String rrname) {
        if (substrings.length == 0) {
            return false;
        }
        String dotted = rrname.endsWith(".") ? rrname : rrname + ".";
        for (String s : substrings) {
            if (dotted.contains(s)) {
                return true;
            }
        }
        return false;
    }

    List<String> asList() {
        return List.of(substrings);
    }
}
