// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void filtersAreSplitOnSemicolonsAndTrimmed() {
        assertEquals(List.of("(objectClass=a.B)", "(&(objectClass=c.D)(x=1))"),
                Main.filters("(objectClass=a.B) ;(&(objectClass=c.D)(x=1))\t; "));
    }

    @Test
    void singleFilter() {
        assertEquals(List.of("(objectClass=a.B)"), Main.filters("(objectClass=a.B)"));
    }

    @Test
    void emptySegmentsAreDropped() {
        assertEquals(List.of("(a=1)", "(b=2)"), Main.filters(";;(a=1);; ;(b=2);"));
    }

    @Test
    void nullOrBlankIsNoFilter() {
        assertEquals(List.of(), Main.filters(null));
        assertEquals(List.of(), Main.filters(""));
        assertEquals(List.of(), Main.filters("  \t"));
        assertEquals(List.of(), Main.filters(" ; ; "));
    }
}
