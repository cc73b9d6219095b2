// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzerhost.internal;

import java.time.Instant;
import java.util.Optional;

/**
 * One analyzer's delivery counters since the appliance started, kept across its undeploy and
 * redeploy. The rate is over the last minute, in one-second buckets.
 */
final class AnalyzerStats {
    private static final int WINDOW_S = 60;

    private final long[] perSecond = new long[WINDOW_S];
    private final long[] bucketSecond = new long[WINDOW_S];
    private long delivered;
    private long failures;
    private String lastError;
    private Instant lastDelivery;

    synchronized void delivered(Instant at) {
        delivered++;
        lastDelivery = at;
        long second = at.getEpochSecond();
        int i = (int) (second % WINDOW_S);
        if (bucketSecond[i] != second) {
            bucketSecond[i] = second;
            perSecond[i] = 0;
        }
        perSecond[i]++;
    }

    synchronized void failed(String reason) {
        failures++;
        lastError = reason;
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    synchronized Optional<Instant> lastDelivery() {
        return Optional.ofNullable(lastDelivery);
    }

    /** Items per second over the last full minute. */
    synchronized double rate(Instant now) {
        long current = now.getEpochSecond();
        long sum = 0;
        for (int i = 0; i < WINDOW_S; i++) {
            if (current - bucketSecond[i] < WINDOW_S && bucketSecond[i] <= current) {
                sum += perSecond[i];
            }
        }
        return sum / (double) WINDOW_S;
    }
}
