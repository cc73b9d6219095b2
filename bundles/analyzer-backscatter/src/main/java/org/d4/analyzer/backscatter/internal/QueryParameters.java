// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import org.d4.common.Samples;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/** The query string of {@code GET /backscatter/attacks} into an {@link AttackQuery}; anything wrong is a {@link BadRequest}. */
final class QueryParameters {
    static final Set<String> ATTACKS = Set.of("from", "to", "victim", "min_packets", "min_pps", "asn", "limit", "cursor", "format");

    private QueryParameters() {
    }

    static void onlyKnown(Map<String, String[]> parameters, Set<String> known) throws BadRequest {
        for (Map.Entry<String, String[]> e : parameters.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new BadRequest("unknown parameter " + Samples.cut(e.getKey()) + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            if (e.getValue().length != 1) {
                throw new BadRequest("parameter " + e.getKey() + " given more than once");
            }
        }
    }

    static AttackQuery attacks(Map<String, String[]> p) throws BadRequest {
        onlyKnown(p, ATTACKS);
        long from = time(p, "from", Long.MIN_VALUE);
        long to = time(p, "to", Long.MAX_VALUE);
        if (from > to) {
            throw new BadRequest("from is after to");
        }
        Prefix victim = null;
        String v = one(p, "victim");
        if (v != null) {
            try {
                victim = Prefix.parse(v);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("victim: " + Samples.cut(e.getMessage()));
            }
        }
        long minPackets = number(p, "min_packets", 0, 0, Long.MAX_VALUE);
        double minPps;
        String pps = one(p, "min_pps");
        try {
            minPps = pps == null ? 0 : Double.parseDouble(pps);
        } catch (NumberFormatException e) {
            throw new BadRequest("min_pps is not a number: " + Samples.cut(pps));
        }
        if (!(minPps >= 0) || Double.isInfinite(minPps)) {
            throw new BadRequest("min_pps must be a finite number of at least 0");
        }
        long asn = number(p, "asn", -1, 0, 0xffff_ffffL);
        int limit = (int) number(p, "limit", AttackQuery.DEFAULT_LIMIT, 1, AttackQuery.MAX_LIMIT);
        long cursor = number(p, "cursor", 0, 0, Long.MAX_VALUE);
        return new AttackQuery(from, to, victim, minPackets, minPps, asn, limit, cursor);
    }

    static String format(Map<String, String[]> p) throws BadRequest {
        String f = one(p, "format");
        if (f == null || f.equals("ndjson")) {
            return "ndjson";
        }
        if (f.equals("csv")) {
            return "csv";
        }
        throw new BadRequest("format is ndjson or csv, not " + Samples.cut(f));
    }

    static long number(Map<String, String[]> p, String name, long absent, long min, long max) throws BadRequest {
        String s = one(p, name);
        if (s == null) {
            return absent;
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " is not a whole number: " + Samples.cut(s));
        }
        if (v < min || v > max) {
            throw new BadRequest(name + " must be between " + min + " and " + max);
        }
        return v;
    }

    /** Epoch seconds or an RFC 3339 instant. */
    private static long time(Map<String, String[]> p, String name, long absent) throws BadRequest {
        String s = one(p, name);
        if (s == null) {
            return absent;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException notSeconds) {
            try {
                return Instant.parse(s).getEpochSecond();
            } catch (DateTimeParseException e) {
                throw new BadRequest(name + " is neither epoch seconds nor an RFC 3339 time: " + Samples.cut(s));
            }
        }
    }

    private static String one(Map<String, String[]> p, String name) {
        String[] v = p.get(name);
        return v == null ? null : v[0];
    }
}
