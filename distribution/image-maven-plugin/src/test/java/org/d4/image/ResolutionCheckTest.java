// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles made here with hand-written manifests, resolved by the real Felix framework. */
class ResolutionCheckTest {
    @TempDir
    Path dir;

    private List<String> unresolved(Path... jars) throws IOException {
        try (ResolutionCheck check = new ResolutionCheck(Map.of(), dir.resolve("cache"))) {
            return check.install(List.of(jars));
        }
    }

    private Path bundle(String name, String... headers) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", name);
        main.putValue("Bundle-Version", "1.0.0");
        for (int i = 0; i < headers.length; i += 2) {
            main.putValue(headers[i], headers[i + 1]);
        }
        Path jar = dir.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // a manifest is all the resolver reads
        }
        return jar;
    }

    @Test
    void importsMetByAnotherBundleOrTheSystemBundleResolve() throws IOException {
        Path api = bundle("example.api", "Export-Package", "org.example.api;version=\"1.2\"");
        Path user = bundle("example.user",
                "Import-Package", "org.example.api;version=\"[1,2)\",org.osgi.framework;version=\"[1.9,2)\",javax.net.ssl,org.w3c.dom",
                "Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");
        assertEquals(List.of(), unresolved(api, user));
    }

    @Test
    void aMissingPackageNamesTheBundleAndThePackage() throws IOException {
        Path user = bundle("example.user", "Import-Package", "org.example.absent;version=\"[1,2)\"");
        List<String> problems = unresolved(user);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("example.user.jar: "), problems.get(0));
        assertTrue(problems.get(0).contains("osgi.wiring.package=org.example.absent"), problems.get(0));
    }

    @Test
    void aPackageInTheWrongVersionRangeIsMissing() throws IOException {
        Path api = bundle("example.api", "Export-Package", "org.example.api;version=\"2.0\"");
        Path user = bundle("example.user", "Import-Package", "org.example.api;version=\"[1,2)\"");
        List<String> problems = unresolved(api, user);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("org.example.api"), problems.get(0));
    }

    @Test
    void anOptionalImportMayBeMissing() throws IOException {
        Path user = bundle("example.user", "Import-Package", "org.example.absent;resolution:=optional");
        assertEquals(List.of(), unresolved(user));
    }

    @Test
    void aDeclarativeServicesBundleNeedsTheExtender() throws IOException {
        Path component = bundle("example.component", "Require-Capability",
                "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.5.0)(!(version>=2.0.0)))\"");
        List<String> without = unresolved(component);
        assertEquals(1, without.size(), without.toString());
        assertTrue(without.get(0).contains("osgi.extender"), without.get(0));

        Path scr = bundle("example.scr", "Provide-Capability", "osgi.extender;osgi.extender=\"osgi.component\";version:Version=\"1.5\"");
        assertEquals(List.of(), unresolved(component, scr));
    }

    @Test
    void aNewerJavaThanTheBuildsIsMissing() throws IOException {
        Path future = bundle("example.future", "Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=99))\"");
        List<String> problems = unresolved(future);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("osgi.ee"), problems.get(0));
    }

    @Test
    void aBundleFailsWhenWhatItNeedsFails() throws IOException {
        Path api = bundle("example.api", "Export-Package", "org.example.api", "Import-Package", "org.example.absent");
        Path user = bundle("example.user", "Import-Package", "org.example.api");
        List<String> problems = unresolved(api, user);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("example.api.jar: ") && problems.get(0).contains("org.example.absent"), problems.get(0));
        assertTrue(problems.get(1).startsWith("example.user.jar: ") && problems.get(1).contains("org.example.api"), problems.get(1));
    }

    @Test
    void theImagesExtraSystemPackagesCount() throws IOException {
        Path user = bundle("example.user", "Import-Package", "sun.security.x509");
        assertEquals(1, unresolved(user).size());
        Path config = dir.resolve("config.properties");
        Files.writeString(config, "org.osgi.framework.storage = ${d4.home}/data/cache\n"
                + "org.osgi.framework.system.packages.extra = sun.misc,sun.security.x509\nfelix.log.level = 1\n");
        Map<String, String> properties = ResolutionCheck.frameworkProperties(config);
        assertEquals(Map.of("org.osgi.framework.system.packages.extra", "sun.misc,sun.security.x509"), properties);
        try (ResolutionCheck check = new ResolutionCheck(properties, dir.resolve("cache"))) {
            assertEquals(List.of(), check.install(List.of(user)));
        }
    }

    @Test
    void eachTryStandsOnTheInstalledBundlesAlone() throws IOException {
        Path base = bundle("example.base", "Export-Package", "org.example.base");
        Path first = bundle("example.first", "Import-Package", "org.example.base", "Export-Package", "org.example.first");
        Path second = bundle("example.second", "Import-Package", "org.example.first");
        try (ResolutionCheck check = new ResolutionCheck(Map.of(), dir.resolve("cache"))) {
            assertEquals(List.of(), check.install(List.of(base)));
            assertEquals(List.of(), check.tryOn(List.of(first)));
            List<String> problems = check.tryOn(List.of(second));
            assertEquals(1, problems.size(), "the first try's exports are gone: " + problems);
            assertTrue(problems.get(0).startsWith("example.second.jar: ") && problems.get(0).contains("org.example.first"), problems.get(0));
            assertEquals(List.of(), check.tryOn(List.of(first, second)), "together they resolve");
        }
        assertFalse(Files.exists(dir.resolve("cache")), "the framework's cache is removed");
    }
}
