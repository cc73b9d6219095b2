// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CoordinatesTest {
    private static final Path SOURCE = Path.of("features/core.json");

    @Test
    void threePartsAreAJar() throws IOException {
        Coordinates c = Coordinates.parse("org.d4:d4-api:1.0", SOURCE);
        assertEquals(new Coordinates("org.d4", "d4-api", "jar", "", "1.0"), c);
        assertEquals("org.d4:d4-api", c.key());
        assertEquals("d4-api-1.0.jar", c.fileName());
        assertEquals("org.d4:d4-api:1.0", c.toString());
    }

    @Test
    void fourPartsNameTheType() throws IOException {
        Coordinates c = Coordinates.parse("org.d4:d4-image:zip:1.0", SOURCE);
        assertEquals(new Coordinates("org.d4", "d4-image", "zip", "", "1.0"), c);
        assertEquals("d4-image-1.0.zip", c.fileName());
        assertEquals("org.d4:d4-image", c.key());
    }

    @Test
    void fivePartsNameTypeAndClassifier() throws IOException {
        Coordinates c = Coordinates.parse("org.d4:d4-image:jar:linux:1.0", SOURCE);
        assertEquals(new Coordinates("org.d4", "d4-image", "jar", "linux", "1.0"), c);
        assertEquals("org.d4:d4-image:linux", c.key());
        assertEquals("d4-image-1.0-linux.jar", c.fileName());
        assertEquals("org.d4:d4-image:jar:linux:1.0", c.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "org.d4", "org.d4:d4-api", "a:b:c:d:e:f", ":d4-api:1.0", "org.d4::1.0", "org.d4:d4-api: ",
            "org.d4:d4-api:", " :d4-api:1.0"})
    void malformedCoordinatesAreRefused(String text) {
        IOException e = assertThrows(IOException.class, () -> Coordinates.parse(text, SOURCE));
        assertTrue(e.getMessage().startsWith(SOURCE + ": '" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("groupId:artifactId[:type[:classifier]]:version"), e.getMessage());
    }

    @Test
    void unresolvedVersionPropertyIsRefused() {
        IOException e = assertThrows(IOException.class, () -> Coordinates.parse("org.d4:d4-api:${d4.api.version}", SOURCE));
        assertTrue(e.getMessage().contains("${d4.api.version}"), e.getMessage());
        assertTrue(e.getMessage().contains("names a property"), e.getMessage());
    }
}
