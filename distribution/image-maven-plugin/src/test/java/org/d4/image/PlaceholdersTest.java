// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
    private static final UnaryOperator<String> KNOWN = Map.of(
            "project.version", "1.2.3",
            "odd", "$1 and \\ and ${x}")::get;

    @Test
    void knownNamesAreReplacedEverywhere() {
        assertEquals("org.d4:a:1.2.3 and 1.2.3", Placeholders.replaceKnown("org.d4:a:${project.version} and ${project.version}", KNOWN));
    }

    @Test
    void unknownNamesAreKeptForRunTime() {
        assertEquals("${d4.home}/data 1.2.3", Placeholders.replaceKnown("${d4.home}/data ${project.version}", KNOWN));
    }

    @Test
    void replacementIsTakenLiterally() {
        assertEquals("[$1 and \\ and ${x}]", Placeholders.replaceKnown("[${odd}]", KNOWN));
    }

    @Test
    void textWithoutCompletePlaceholdersIsUnchanged() {
        for (String text : new String[] {"", "plain", "${", "${}", "$project.version", "${project.version"}) {
            assertEquals(text, Placeholders.replaceKnown(text, KNOWN));
        }
    }
}
