// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.Map;

/** The statistics as plain text, for the shell. */
final class StatisticsText {
    static final int TOP = 20;

    private StatisticsText() {
    }

    static String of(Statistics s, RrTypes types) {
        StringBuilder out = new StringBuilder();
        out.append(PassiveDnsAnalyzer.SOFTWARE).append(' ').append(s.version()).append('\n');
        line(out, "status", s.failure().isEmpty() ? "ok" : "failing: " + s.failure());
        line(out, "lines received", s.lines());
        line(out, "records", s.records());
        line(out, "imported", s.imported());
        line(out, "malformed lines", s.malformed());
        line(out, "excluded lines", s.excluded());
        line(out, "expired records", s.expired());
        line(out, "store size (bytes)", s.storeBytes());
        if (!s.latestMalformed().isEmpty()) {
            line(out, "latest malformed", s.latestMalformed());
        }
        out.append("lines per sensor:\n");
        s.sensorLines().forEach((sensor, n) -> out.append("  ").append(sensor).append("  ").append(n).append('\n'));
        out.append("types:\n");
        for (Map.Entry<Integer, Long> e : s.types().entrySet()) {
            String name = types.name(e.getKey());
            out.append("  ").append(name != null ? name : Integer.toString(e.getKey())).append("  ").append(e.getValue()).append('\n');
        }
        out.append("classes:\n");
        s.classes().forEach((c, n) -> out.append("  ").append(c).append("  ").append(n).append('\n'));
        out.append("most frequent TTLs:\n");
        s.topTtls(TOP).forEach((ttl, n) -> out.append("  ").append(ttl == PdnsStore.OTHER_TTL ? "other" : Long.toString(ttl))
                .append("  ").append(n).append('\n'));
        return out.toString();
    }

    private static void line(StringBuilder out, String label, Object value) {
        out.append(String.format("%-20s %s%n", label, value));
    }
}
