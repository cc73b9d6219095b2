// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

/**
 * Events per second over the last minute, counted in one-second buckets: cheap to count on a hot
 * path, read now and then by a page. Thread-safe.
 */
public final class MinuteRate {
    private static final int WINDOW_S = 60;

    private final long[] counts = new long[WINDOW_S];
    private final long[] bucketSecond = new long[WINDOW_S];

    /** Counts {@code events} at {@code epochSecond}. */
    public synchronized void add(long events, long epochSecond) {
        int i = (int) Math.floorMod(epochSecond, (long) WINDOW_S);
        if (bucketSecond[i] != epochSecond) {
            bucketSecond[i] = epochSecond;
            counts[i] = 0;
        }
        counts[i] += events;
    }

    /** The mean rate over the minute up to {@code nowEpochSecond}. */
    public synchronized double perSecond(long nowEpochSecond) {
        long sum = 0;
        for (int i = 0; i < WINDOW_S; i++) {
            if (nowEpochSecond - bucketSecond[i] < WINDOW_S && bucketSecond[i] <= nowEpochSecond) {
                sum += counts[i];
            }
        }
        return sum / (double) WINDOW_S;
    }
}
