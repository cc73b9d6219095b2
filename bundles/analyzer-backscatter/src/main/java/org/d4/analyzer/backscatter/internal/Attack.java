// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/**
 * One attack as reported: the victim, what was seen of it, when, how much and how fast. Times are
 * microseconds since the epoch; {@link AttackJson} writes them as epoch seconds. ICMPv6 types are
 * stored as 256 + type to keep them apart from ICMP ones. {@code firstFile} and {@code lastFile} are
 * the analyzer's numbers of the capture files the attack's packets came from (0 when unknown).
 */
record Attack(String victim, int ipVersion, int[] protocols, int[] ports, boolean morePorts, int[] icmpTypes, long startMicros,
        long endMicros, long packets, long bytes, long targets, int maxPerMinute, double observedPps, double estimatedPps,
        String router, long routerPackets, boolean ongoing, long firstFile, long lastFile) {

    long startSeconds() {
        return Math.floorDiv(startMicros, 1_000_000L);
    }

    long endSeconds() {
        return Math.floorDiv(endMicros, 1_000_000L);
    }
}
