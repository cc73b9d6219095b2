// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class D4TypeTest {

    @Test
    void holdsTheTypesOfTheProtocol() {
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 254), Arrays.stream(D4Type.values()).map(D4Type::number).toList());
        for (D4Type t : D4Type.values()) {
            assertEquals(Optional.of(t), D4Type.of(t.number()));
        }
        assertEquals("passivedns CSV", D4Type.PASSIVEDNS.label());
    }

    @Test
    void lineBasedAreLogsDnscapNdjsonAndPassivedns() {
        assertEquals(List.of(3, 4, 6, 8),
                Arrays.stream(D4Type.values()).filter(D4Type::lineBased).map(D4Type::number).toList());
    }

    @Test
    void unknownNumbersHaveNoType() {
        assertTrue(IntStream.of(9, 100, 253, 255, -1, 256, Integer.MIN_VALUE).allMatch(n -> D4Type.of(n).isEmpty()));
        assertEquals("9 (unknown)", D4Type.describe(9));
        assertEquals("3 (generic log lines)", D4Type.describe(3));
    }
}
