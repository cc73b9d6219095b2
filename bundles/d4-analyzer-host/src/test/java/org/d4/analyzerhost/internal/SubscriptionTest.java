// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzerhost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.d4.api.analyzer.Analyzer;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
    private static Subscription of(Map<String, Object> properties) {
        return Subscription.of(properties::get, 1000, 5);
    }

    @Test
    void readsTypedAndTextualProperties() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Subscription s = of(Map.of(Analyzer.NAME, "passivedns", Analyzer.TYPE, 8, Analyzer.SENSORS, new String[] {a.toString(), b.toString()}));
        assertEquals("passivedns", s.name());
        assertEquals(8, s.selector().type());
        assertEquals(Set.of(a, b), s.selector().sensors());
        assertEquals(1000, s.maxQueueSize());
        assertEquals(5, s.maxAttempts());
        assertEquals(Optional.empty(), s.queue());

        Subscription fromConfig = of(Map.of(Analyzer.NAME, "tls", Analyzer.TYPE, "254", Analyzer.EXTENDED_TYPE, "ja3-jl",
                Analyzer.SENSORS, a + ", " + b, Analyzer.MAX_QUEUE_SIZE, "50", Analyzer.MAX_ATTEMPTS, 2L));
        assertEquals(Optional.of("ja3-jl"), fromConfig.selector().extendedType());
        assertEquals(Set.of(a, b), fromConfig.selector().sensors());
        assertEquals(50, fromConfig.maxQueueSize());
        assertEquals(2, fromConfig.maxAttempts());
    }

    @Test
    void refusesWhatCannotBeServed() {
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.TYPE, 8)), "no name");
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.NAME, "bad name", Analyzer.TYPE, 8)));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.NAME, "x")), "no type");
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.NAME, "x", Analyzer.TYPE, "eight")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.NAME, "x", Analyzer.TYPE, 254)), "254 without extended type");
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.NAME, "x", Analyzer.TYPE, 8, Analyzer.SENSORS, "not-a-uuid")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.NAME, "x", Analyzer.TYPE, 8, Analyzer.QUEUE, "nope")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.NAME, "x", Analyzer.TYPE, 8, Analyzer.QUEUE, "1-2-3-4-5")),
                "a shortened UUID is not a queue's UUID");
        assertThrows(IllegalArgumentException.class, () -> of(Map.of(Analyzer.NAME, "x", Analyzer.TYPE, 8, Analyzer.MAX_ATTEMPTS, 0)));
    }
}
