// SPDX-License-Identifier: Apache-2.0
package org.d4.itest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Minimal bundle jars for deployment tests, written on the fly. */
public final class TestBundles {
    private TestBundles() {
    }

    /** A resource-only bundle: it resolves and becomes ACTIVE without any code. */
    public static Path write(Path target, String symbolicName, String version) throws IOException {
        return write(target, symbolicName, version, Map.of());
    }

    /** A resource-only bundle with extra manifest headers (e.g. an Import-Package nobody exports). */
    public static Path write(Path target, String symbolicName, String version, Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        headers.forEach(main::putValue);
        // written next to the target and moved in, so a watcher never sees half a jar
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".bundle-", ".tmp");
        try (OutputStream out = Files.newOutputStream(temp); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new JarEntry("about.txt"));
            jar.write((symbolicName + " " + version + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
