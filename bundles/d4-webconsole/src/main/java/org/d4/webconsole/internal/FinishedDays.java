// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The daily counts of finished days, read from the statistics once and then kept: the 30-day
 * charts would otherwise read the store 30 times or more on every view, and a day before
 * yesterday (UTC) gets no more frames (they are counted on the day they arrive). Bounded: past
 * {@link #MAX_ENTRIES} it starts afresh.
 */
final class FinishedDays {
    static final int MAX_ENTRIES = 4096;
    private final Map<String, Object> cache = new ConcurrentHashMap<>();
    private final Clock clock;

    FinishedDays(Clock clock) {
        this.clock = clock;
    }

    /** The value for {@code day} and {@code what}, read through {@code read} unless the day is finished and known. */
    @SuppressWarnings("unchecked")
    <T> T get(LocalDate day, String what, Supplier<T> read) {
        if (!day.isBefore(LocalDate.now(clock).minusDays(1))) {
            return read.get();
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        return (T) cache.computeIfAbsent(day + "|" + what, k -> read.get());
    }
}
