// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

/**
 * When a victim's packets form one attack vector and when a vector is an attack (Moore et al.,
 * as in corsaro's DoS plugin): a vector ends after {@code timeoutSeconds} without packets; it is an
 * attack with at least {@code minPackets} packets, lasting at least {@code minDurationSeconds}, with
 * at least {@code minPacketsPerMinute} in some one-minute window.
 */
record Thresholds(long timeoutSeconds, long minPackets, long minDurationSeconds, long minPacketsPerMinute) {
    static final Thresholds MOORE = new Thresholds(300, 25, 60, 30);

    Thresholds {
        if (timeoutSeconds < 1 || minPackets < 1 || minDurationSeconds < 0 || minPacketsPerMinute < 1) {
            throw new IllegalArgumentException("thresholds must be positive");
        }
    }

    boolean isAttack(VectorTable t, int id) {
        return AttackVector.packets(t, id) >= minPackets
                && AttackVector.lastMicros(t, id) - AttackVector.firstMicros(t, id) >= minDurationSeconds * 1_000_000L
                && AttackVector.maxPerMinute(t, id) >= minPacketsPerMinute;
    }
}
