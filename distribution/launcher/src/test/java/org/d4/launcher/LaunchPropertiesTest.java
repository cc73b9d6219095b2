// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchPropertiesTest {
    @TempDir
    Path home;

    private final Properties system = new Properties();
    private final Map<String, String> env = Map.of("D4_PORT", "8443");

    private Map<String, String> load(String content) throws IOException {
        Path file = home.resolve("config.properties");
        Files.writeString(file, content);
        return LaunchProperties.load(file, home, system, env::get);
    }

    @Test
    void resolvesHomeEnvironmentAndNestedEntries() throws IOException {
        Map<String, String> p = load("""
                # a comment
                storage = ${d4.home}/data/cache
                base = ${d4.home}/data
                logs = ${base}/logs
                deep = [${logs}]
                port = ${env:D4_PORT}
                plain = no placeholder
                """);

        assertEquals(home + "/data/cache", p.get("storage"));
        assertEquals(home + "/data/logs", p.get("logs"));
        assertEquals("[" + home + "/data/logs]", p.get("deep"));
        assertEquals("8443", p.get("port"));
        assertEquals("no placeholder", p.get("plain"));
        assertEquals(home.toString(), p.get("d4.home"));
    }

    @Test
    void systemPropertyOverridesAnEntryAndIsSeenByPlaceholders() throws IOException {
        system.setProperty("level", "4");
        system.setProperty("only.in.system", "x");
        Map<String, String> p = load("level = 1\nmessage = level ${level}\nother = ${only.in.system}\n");

        assertEquals("4", p.get("level"));
        assertEquals("level 4", p.get("message"));
        assertEquals("x", p.get("other"));
        assertEquals(null, p.get("only.in.system"), "system properties are not copied into the framework properties");
    }

    @Test
    void systemPropertyValueIsResolvedToo() throws IOException {
        system.setProperty("storage", "${d4.home}/elsewhere");
        assertEquals(home + "/elsewhere", load("storage = ${d4.home}/data/cache\n").get("storage"));
    }

    @Test
    void unknownPlaceholderIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("a = x ${no.such.name} y\n"));
        assertTrue(e.getMessage().contains("${no.such.name}"), e.getMessage());
    }

    @Test
    void unsetEnvironmentVariableIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("a = ${env:D4_UNSET}\n"));
        assertTrue(e.getMessage().contains("env:D4_UNSET"), e.getMessage());
    }

    @Test
    void unclosedPlaceholderIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("a = ${d4.home/data\n"));
        assertTrue(e.getMessage().contains("unclosed"), e.getMessage());
    }

    @Test
    void emptyPlaceholderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> load("a = ${}\n"));
    }

    @Test
    void cycleIsDetected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load("a = ${b}\nb = x${a}\n"));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("self = ${self}\n"));
    }

    @Test
    void missingFileFails() {
        assertThrows(IOException.class,
                () -> LaunchProperties.load(home.resolve("missing.properties"), home, system, env::get));
    }
}
