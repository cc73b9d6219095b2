// SPDX-License-Identifier: Apache-2.0
package org.d4.client.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size log-linear histogram of durations in nanoseconds (1 µs to ~1 min, 1/16 of a power of two
 * per bucket): constant memory, lock-free recording, percentiles within about 6 %.
 */
final class LatencyRecorder {
    private static final int SUB = 16;
    private static final int POWERS = 40;
    private final AtomicLongArray counts = new AtomicLongArray(POWERS * SUB);

    void record(long nanos) {
        counts.incrementAndGet(bucket(Math.max(1, nanos)));
    }

    static int bucket(long nanos) {
        int power = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = power < 4 ? 0 : (int) ((nanos >>> (power - 4)) & (SUB - 1));
        return Math.min(POWERS * SUB - 1, power * SUB + sub);
    }

    static long upperBound(int bucket) {
        int power = bucket / SUB;
        int sub = bucket % SUB;
        if (power < 4) {
            return 1L << (power + 1);
        }
        return (1L << power) + ((long) (sub + 1) << (power - 4));
    }

    /** p50, p90, p99, p99.9 and max, in microseconds. */
    Map<String, Double> percentiles() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        Map<String, Double> result = new LinkedHashMap<>();
        if (total == 0) {
            return result;
        }
        double[] wanted = {0.5, 0.9, 0.99, 0.999, 1.0};
        String[] names = {"p50", "p90", "p99", "p99.9", "max"};
        long seen = 0;
        int w = 0;
        for (int i = 0; i < counts.length() && w < wanted.length; i++) {
            seen += counts.get(i);
            while (w < wanted.length && seen >= Math.ceil(wanted[w] * total)) {
                result.put(names[w], upperBound(i) / 1000.0);
                w++;
            }
        }
        return result;
    }
}
