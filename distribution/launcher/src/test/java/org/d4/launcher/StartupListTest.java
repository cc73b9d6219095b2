// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupListTest {
    @TempDir
    Path home;

    @BeforeEach
    void bundles() throws IOException {
        Files.createDirectories(home.resolve("bundle"));
        for (String name : List.of("a.jar", "b.jar", "c.jar")) {
            Files.writeString(home.resolve("bundle").resolve(name), "jar");
        }
    }

    private List<StartupList.Entry> load(String content) throws IOException {
        Path file = home.resolve("startup.properties");
        Files.writeString(file, content);
        return StartupList.load(file, home);
    }

    @Test
    void keepsOrderAndSkipsCommentsAndBlankLines() throws IOException {
        List<StartupList.Entry> entries = load("""
                # boot bundles

                bundle/c.jar = 5
                   # indented comment
                bundle/a.jar=1
                  bundle/b.jar  =  5  \t
                """);

        assertEquals(List.of(
                new StartupList.Entry(home.resolve("bundle/c.jar"), 5),
                new StartupList.Entry(home.resolve("bundle/a.jar"), 1),
                new StartupList.Entry(home.resolve("bundle/b.jar"), 5)), entries);
    }

    @Test
    void emptyListIsEmpty() throws IOException {
        assertEquals(List.of(), load("# nothing\n\n"));
    }

    @Test
    void missingJarNamesLineAndFile() {
        IOException e = assertThrows(IOException.class, () -> load("bundle/a.jar = 1\n\nbundle/gone.jar = 2\n"));
        assertTrue(e.getMessage().contains(":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("gone.jar"), e.getMessage());
    }

    @Test
    void folderIsNotAJar() {
        IOException e = assertThrows(IOException.class, () -> load("bundle = 1\n"));
        assertTrue(e.getMessage().contains(":1:"), e.getMessage());
    }

    @Test
    void levelMustBeANumber() {
        IOException e = assertThrows(IOException.class, () -> load("bundle/a.jar = 1\nbundle/b.jar = high\n"));
        assertTrue(e.getMessage().contains(":2:") && e.getMessage().contains("not a number"), e.getMessage());
        assertThrows(IOException.class, () -> load("bundle/a.jar =\n"));
        assertThrows(IOException.class, () -> load("bundle/a.jar = 1.5\n"));
    }

    @Test
    void levelMustBeAtLeastOne() {
        IOException zero = assertThrows(IOException.class, () -> load("bundle/a.jar = 0\n"));
        assertTrue(zero.getMessage().contains(":1:") && zero.getMessage().contains("at least 1"), zero.getMessage());
        assertThrows(IOException.class, () -> load("bundle/a.jar = -3\n"));
    }

    @Test
    void lineWithoutEqualsOrNameIsRefused() {
        IOException e = assertThrows(IOException.class, () -> load("# header\nbundle/a.jar 1\n"));
        assertTrue(e.getMessage().contains(":2:"), e.getMessage());
        assertThrows(IOException.class, () -> load("= 1\n"));
    }

    @Test
    void missingFileFails() {
        assertThrows(IOException.class, () -> StartupList.load(home.resolve("missing"), home));
    }
}
