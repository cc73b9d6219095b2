// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryValuesTest {
    /** The caller's own error type, as the analyzers have. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    @Test
    void aParameterGivenTwiceIsRefusedWithTheCallersError() throws Refused {
        assertNull(QueryValues.single(Map.of(), "kind", Refused::new));
        assertEquals("ja3", QueryValues.single(Map.of("kind", new String[] {"ja3"}), "kind", Refused::new));
        Refused e = assertThrows(Refused.class, () -> QueryValues.single(Map.of("kind", new String[] {"a", "b"}), "kind", Refused::new));
        assertEquals("parameter kind given more than once", e.getMessage());
    }

    @Test
    void timesInSecondsDaysOrRfc3339() throws Refused {
        assertEquals(-1, QueryValues.time(Map.of(), "since", -1, Refused::new));
        assertEquals(1714564800, QueryValues.time(Map.of("since", new String[] {" 1714564800 "}), "since", 0, Refused::new));
        assertEquals(1714521600, QueryValues.time(Map.of("since", new String[] {"2024-05-01"}), "since", 0, Refused::new), "a day is its start in UTC");
        assertEquals(1714564800, QueryValues.time(Map.of("since", new String[] {"2024-05-01 12:00:00z"}), "since", 0, Refused::new));
        assertEquals(1714557600, QueryValues.time(Map.of("since", new String[] {"2024-05-01T12:00:00+02:00"}), "since", 0, Refused::new));
        Refused e = assertThrows(Refused.class, () -> QueryValues.time(Map.of("since", new String[] {"yesterday"}), "since", 0, Refused::new));
        assertTrue(e.getMessage().startsWith("since must be seconds since the epoch or an RFC 3339 time"), e.getMessage());
        assertThrows(Refused.class, () -> QueryValues.time(Map.of("since", new String[] {"1234567890123"}), "since", 0, Refused::new),
                "more than 12 digits is no time");
    }

    @Test
    void positiveWholeNumbersOnly() throws Refused {
        assertEquals(7, QueryValues.positive(null, "limit", 7, Refused::new));
        assertEquals(100, QueryValues.positive(" 100", "limit", 7, Refused::new));
        for (String bad : new String[] {"0", "-3", "+5", "1.5", "", "99999999999999999999", "ten"}) {
            Refused e = assertThrows(Refused.class, () -> QueryValues.positive(bad, "limit", 7, Refused::new), bad);
            assertTrue(e.getMessage().startsWith("limit must be a positive whole number"), e.getMessage());
        }
    }
}
