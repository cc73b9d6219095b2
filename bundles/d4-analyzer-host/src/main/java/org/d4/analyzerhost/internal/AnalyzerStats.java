// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzerhost.internal;

import java.time.Instant;
import java.util.Optional;
import org.d4.common.MinuteRate;

/**
 * One analyzer's delivery counters since the appliance started, kept across its undeploy and
 * redeploy. The rate is over the last minute, in one-second buckets.
 */
final class AnalyzerStats {
    private final MinuteRate rate = new MinuteRate();
    private long delivered;
    private long failures;
    private String lastError;
    private Instant lastDelivery;

    synchronized void delivered(Instant at) {
        delivered++;
        lastDelivery = at;
        rate.add(1, at.getEpochSecond());
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
    double rate(Instant now) {
        return rate.perSecond(now.getEpochSecond());
    }
}
