// SPDX-License-Identifier: Apache-2.0
package org.d4.health.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Says why a file in the deploy folder cannot be a bundle, when the reason is in the file itself. */
final class JarDiagnosis {
    private JarDiagnosis() {
    }

    static Optional<String> problemWith(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return Optional.of("not a bundle: the jar has no META-INF/MANIFEST.MF");
            }
            if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return Optional.of("not a bundle: the manifest has no Bundle-SymbolicName");
            }
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.of("corrupt jar: " + e.getMessage());
        }
    }
}
