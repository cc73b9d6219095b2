// SPDX-License-Identifier: Apache-2.0
package org.d4.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void goDurations() {
        assertEquals(Duration.ofMillis(200), Durations.parse("x", "200ms"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("x", "1m30s"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("x", "1.5h"));
        assertEquals(Duration.ofNanos(1500), Durations.parse("x", "1us500ns"));
        assertEquals(Duration.ZERO, Durations.parse("x", "0"));
        assertEquals(Duration.ofSeconds(7), Durations.parse("x", "7"));
        for (String bad : new String[] {"", "s", "1d", "1m30", "-1s", "1 s"}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parse("x", bad), bad);
        }
        assertEquals("x: '1d' is not a duration (examples: 200ms, 30s, 1m30s, 0)",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("x", "1d")).getMessage());
        assertEquals("200ms", Durations.format(Duration.ofMillis(200)));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    }
}
