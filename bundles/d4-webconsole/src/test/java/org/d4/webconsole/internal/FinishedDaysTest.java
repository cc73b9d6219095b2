// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FinishedDaysTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    final FinishedDays days = new FinishedDays(clock);
    final AtomicInteger reads = new AtomicInteger();

    int read(String day) {
        return days.get(LocalDate.parse(day), "x", reads::incrementAndGet);
    }

    @Test
    void todayAndYesterdayAreReadEveryTime() {
        read("2026-12-01");
        read("2026-12-01");
        read("2026-11-30");
        read("2026-11-30");
        assertEquals(4, reads.get());
    }

    @Test
    void finishedDaysAreReadOnce() {
        assertEquals(1, read("2026-11-29"));
        assertEquals(1, read("2026-11-29"));
        assertEquals(2, read("2026-11-02"));
        assertEquals(2, reads.get());
    }

    @Test
    void staysBounded() {
        for (int i = 0; i < FinishedDays.MAX_ENTRIES + 10; i++) {
            days.get(LocalDate.parse("2026-01-01"), "k" + i, reads::incrementAndGet);
        }
        days.get(LocalDate.parse("2026-01-01"), "k0", reads::incrementAndGet);
        assertEquals(FinishedDays.MAX_ENTRIES + 11, reads.get(), "the first entries were dropped when the cache started afresh");
    }
}
