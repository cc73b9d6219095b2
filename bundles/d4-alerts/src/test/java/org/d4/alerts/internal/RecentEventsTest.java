// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @Test
    void eventsCountWithinTheWindowOnly() {
        RecentEvents events = new RecentEvents(Duration.ofSeconds(600), 3, 100);
        events.add("s", T0, 1);
        events.add("s", T0.plusSeconds(100), 1);
        assertEquals(2, events.count("s", T0.plusSeconds(200)));
        assertEquals(1, events.count("s", T0.plusSeconds(601)), "the first has left the window");
        assertEquals(0, events.count("s", T0.plusSeconds(701)));
        assertEquals(0, events.subjects().size(), "a subject without events is forgotten");
    }

    @Test
    void boundedPerSubjectAndInSubjects() {
        RecentEvents events = new RecentEvents(Duration.ofSeconds(600), 3, 100);
        events.add("s", T0, 1_000_000);
        assertEquals(3, events.count("s", T0), "at most keep times per subject");
        for (int i = 0; i < 1000; i++) {
            events.add("x" + i, T0, 1);
        }
        assertEquals(100, events.subjects().size(), "at most maxSubjects");
        assertEquals(0, events.count("s", T0), "the least recent subject was forgotten first");
        assertEquals(1, events.count("x999", T0));
    }
}
