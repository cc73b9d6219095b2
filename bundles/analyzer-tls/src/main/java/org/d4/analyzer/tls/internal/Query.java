// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.util.Set;

/**
 * A parsed query: what to look up and the filters on what is answered.
 *
 * @param target   a fingerprint value (JA3, JA3S, JA4, CERTIFICATE), a network (ADDRESS: {@code low}
 *                 and {@code high} are the first and last 16-byte addresses), a name index prefix
 *                 (NAME), or nothing (NEW: {@code since})
 * @param kinds    for ADDRESS, NAME and NEW: the kinds answered (empty: all)
 */
record Query(Kind kind, String target, byte[] low, byte[] high, long since, Set<FingerprintKey.Kind> kinds,
             long firstAfter, long firstBefore, long lastAfter, long lastBefore) {

    enum Kind {
        JA3, JA3S, JA4, CERTIFICATE, ADDRESS, NAME, NEW
    }

    boolean accepts(Summary s) {
        return s.first >= firstAfter && s.first <= firstBefore && s.last >= lastAfter && s.last <= lastBefore;
    }

    boolean accepts(FingerprintKey.Kind k) {
        return kinds.isEmpty() || kinds.contains(k);
    }

    /** What identifies the query for its cursors: the same query and filters continue a page. */
    String fingerprint() {
        return kind + "|" + target + "|" + (low == null ? "" : java.util.HexFormat.of().formatHex(low)) + "|"
                + (high == null ? "" : java.util.HexFormat.of().formatHex(high)) + "|" + since + "|" + new java.util.TreeSet<>(kinds) + "|"
                + firstAfter + "|" + firstBefore + "|" + lastAfter + "|" + lastBefore;
    }
}
