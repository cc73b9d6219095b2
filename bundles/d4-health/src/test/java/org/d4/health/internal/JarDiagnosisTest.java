// SPDX-License-Identifier: Apache-2.0
package org.d4.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarDiagnosisTest {
    @TempDir
    Path dir;

    private Path jar(String symbolicName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path file = dir.resolve("bundle.jar");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("org/example/A.class"));
            jar.closeEntry();
        }
        return file;
    }

    @Test
    void validBundleHasNoProblem() throws IOException {
        assertEquals(Optional.empty(), JarDiagnosis.problemWith(jar("org.example.a")));
    }

    @Test
    void manifestWithoutSymbolicName() throws IOException {
        assertEquals(Optional.of("not a bundle: the manifest has no Bundle-SymbolicName"), JarDiagnosis.problemWith(jar(null)));
    }

    @Test
    void zipWithoutManifest() throws IOException {
        Path file = dir.resolve("plain.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        assertEquals(Optional.of("not a bundle: the jar has no META-INF/MANIFEST.MF"), JarDiagnosis.problemWith(file));
    }

    @Test
    void garbageIsACorruptJar() throws IOException {
        Path file = Files.writeString(dir.resolve("garbage.jar"), "this is not a zip file");
        String problem = JarDiagnosis.problemWith(file).orElseThrow();
        assertTrue(problem.startsWith("corrupt jar: "), problem);
    }

    @Test
    void emptyFileIsACorruptJar() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.jar"));
        assertTrue(JarDiagnosis.problemWith(file).orElseThrow().startsWith("corrupt jar: "));
    }

    @Test
    void truncatedJarIsACorruptJar() throws IOException {
        byte[] whole = Files.readAllBytes(jar("org.example.a"));
        Path file = Files.write(dir.resolve("truncated.jar"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertTrue(JarDiagnosis.problemWith(file).orElseThrow().startsWith("corrupt jar: "));
    }
}
