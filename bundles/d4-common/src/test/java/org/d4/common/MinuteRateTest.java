// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MinuteRateTest {
    private static final long T = 1_700_000_000L;

    @Test
    void averagesTheLastMinute() {
        MinuteRate rate = new MinuteRate();
        for (long s = T; s < T + 60; s++) {
            rate.add(2, s);
        }
        assertEquals(2.0, rate.perSecond(T + 59), 1e-9);
        assertEquals(118 / 60.0, rate.perSecond(T + 60), 1e-9, "the oldest second left the window");
        assertEquals(0.0, rate.perSecond(T + 200), 1e-9, "nothing counted in the last minute");
    }

    @Test
    void aBucketReusedAMinuteLaterStartsAgain() {
        MinuteRate rate = new MinuteRate();
        rate.add(600, T);
        rate.add(60, T + 60);      // same bucket, a minute on: the old count is gone
        assertEquals(1.0, rate.perSecond(T + 60), 1e-9);
    }

    @Test
    void countsInTheFutureAreNotInTheRate() {
        MinuteRate rate = new MinuteRate();
        rate.add(60, T + 10);
        assertEquals(0.0, rate.perSecond(T), 1e-9, "a clock set back does not count the later second");
        assertEquals(1.0, rate.perSecond(T + 10), 1e-9);
    }
}
