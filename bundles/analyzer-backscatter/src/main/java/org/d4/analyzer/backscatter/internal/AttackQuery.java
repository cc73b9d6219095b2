// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/**
 * Which stored attacks to list: those overlapping [from, to] (epoch seconds), of a victim address
 * or network, with at least so many packets or so high an estimated rate, of an AS ({@code asn}, -1
 * for any; needs a prefix-to-AS table); {@code limit} of them
 * after the attack id {@code cursor}.
 */
record AttackQuery(long from, long to, Prefix victim, long minPackets, double minPps, long asn, int limit, long cursor) {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 100_000;

    static AttackQuery all(int limit) {
        return new AttackQuery(Long.MIN_VALUE, Long.MAX_VALUE, null, 0, 0, -1, limit, 0);
    }

    boolean matches(Attack a) {
        return a.endSeconds() >= from && a.startSeconds() <= to && a.packets() >= minPackets && a.estimatedPps() >= minPps;
    }
}
