// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureDescriptorTest {
    private static final UnaryOperator<String> PROPERTIES = Map.of("project.version", "0.1.0", "api.version", "8.0.0")::get;

    @TempDir
    Path dir;

    private FeatureDescriptor read(String json) throws IOException {
        Path file = dir.resolve("feature.json");
        Files.writeString(file, json);
        return FeatureDescriptor.read(file, PROPERTIES);
    }

    private IOException refused(String json) {
        IOException e = assertThrows(IOException.class, () -> read(json));
        assertTrue(e.getMessage().startsWith(dir.resolve("feature.json").toString()), e.getMessage());
        return e;
    }

    @Test
    void readsBundlesConfigurationsAndLaunchProperties() throws IOException {
        FeatureDescriptor f = read("""
                {
                  "feature-resource-version": "1.0",
                  "id": "org.d4:core:osgifeature:${project.version}",
                  "bundles": [
                    { "id": "org.osgi:osgi.api:${api.version}", "start-order": 2 },
                    { "id": "org.d4:d4-api:${project.version}", "start-order": 1 }
                  ],
                  "configurations": {
                    "org.apache.felix.fileinstall~deploy": {
                      "felix.fileinstall.dir": "${d4.home}/deploy",
                      "felix.fileinstall.filter": ".*\\\\.jar",
                      "poll:Integer": 1000,
                      "enabled": true,
                      "names": ["a", "b"]
                    }
                  },
                  "extensions": {
                    "framework-launching-properties": {
                      "kind": "mandatory", "type": "JSON",
                      "json": { "felix.cm.dir": "${d4.home}/data/config", "level": 3 }
                    }
                  }
                }
                """);

        assertEquals("org.d4:core:osgifeature:0.1.0", f.id());
        assertEquals(dir.resolve("feature.json"), f.source());
        assertEquals(List.of(
                new FeatureDescriptor.Bundle(new Coordinates("org.osgi", "osgi.api", "jar", "", "8.0.0"), 2),
                new FeatureDescriptor.Bundle(new Coordinates("org.d4", "d4-api", "jar", "", "0.1.0"), 1)), f.bundles());
        assertEquals(Map.of("org.apache.felix.fileinstall~deploy", Map.of(
                "felix.fileinstall.dir", "${d4.home}/deploy",
                "felix.fileinstall.filter", ".*\\.jar",
                "poll", "1000",
                "enabled", "true",
                "names", "a,b")), f.configurations());
        assertEquals(Map.of("felix.cm.dir", "${d4.home}/data/config", "level", "3"), f.frameworkProperties());
    }

    @Test
    void minimalDescriptorHasNothing() throws IOException {
        FeatureDescriptor f = read("{\"feature-resource-version\": \"1.1\", \"id\": \"g:a:1\"}");
        assertEquals(List.of(), f.bundles());
        assertEquals(Map.of(), f.configurations());
        assertEquals(Map.of(), f.frameworkProperties());
    }

    @Test
    void missingOrBlankIdIsRefused() {
        assertTrue(refused("{\"feature-resource-version\": \"1.0\"}").getMessage().contains("missing \"id\""));
        refused("{\"feature-resource-version\": \"1.0\", \"id\": \" \"}");
        refused("{\"feature-resource-version\": \"1.0\", \"id\": 7}");
    }

    @Test
    void unsupportedResourceVersionIsRefused() {
        assertTrue(refused("{\"feature-resource-version\": \"2.0\", \"id\": \"g:a:1\"}").getMessage().contains("'2.0'"));
        refused("{\"id\": \"g:a:1\"}");
        refused("{\"feature-resource-version\": 1, \"id\": \"g:a:1\"}");
    }

    @Test
    void bundleWithoutStartOrderIsRefused() {
        IOException e = refused("{\"feature-resource-version\": \"1.0\", \"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:b:1\"}]}");
        assertTrue(e.getMessage().contains("g:b:1") && e.getMessage().contains("start-order"), e.getMessage());
        refused("{\"feature-resource-version\": \"1.0\", \"id\": \"g:a:1\", \"bundles\": [\"g:b:1\"]}");
        refused("{\"feature-resource-version\": \"1.0\", \"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:b:1\", \"start-order\": 0}]}");
    }

    @Test
    void badBundleEntriesAreRefused() {
        refused("{\"feature-resource-version\": \"1.0\", \"id\": \"g:a:1\", \"bundles\": [{\"start-order\": 1}]}");
        refused("{\"feature-resource-version\": \"1.0\", \"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:b\", \"start-order\": 1}]}");
        refused("{\"feature-resource-version\": \"1.0\", \"id\": \"g:a:1\", \"bundles\": [{\"id\": \"g:b:${unknown}\", \"start-order\": 1}]}");
    }

    @Test
    void launchPropertiesMustBeOfTypeJson() {
        refused("""
                {"feature-resource-version": "1.0", "id": "g:a:1",
                 "extensions": {"framework-launching-properties": {"type": "TEXT", "text": "a=b"}}}
                """);
    }

    @Test
    void invalidJsonIsRefused() {
        assertTrue(refused("{\"feature-resource-version\": \"1.0\", \"id\": ").getMessage().contains("not valid JSON"));
        refused("not json at all");
    }

    @Test
    void missingFileFails() {
        assertThrows(IOException.class, () -> FeatureDescriptor.read(dir.resolve("missing.json"), PROPERTIES));
    }
}
