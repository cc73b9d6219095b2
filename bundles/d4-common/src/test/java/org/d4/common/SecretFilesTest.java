// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void privateFileIsOwnerOnly() throws IOException {
        Path file = dir.resolve("secret");
        SecretFiles.writePrivate(file, bytes("s3cret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("s3cret", Files.readString(file));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void publicFileIsWorldReadable() throws IOException {
        Path file = dir.resolve("cert.pem");
        SecretFiles.writePublic(file, bytes("public"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("public", Files.readString(file));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void overwriteReplacesContentAndModeAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("key");
        SecretFiles.writePublic(file, bytes("a much longer first content"));
        SecretFiles.writePrivate(file, bytes("short"));
        assertArrayEquals(bytes("short"), Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the target is left, no .tmp-*.part");
        }
    }

    @Test
    void emptyContentIsWritten() throws IOException {
        Path file = dir.resolve("empty");
        SecretFiles.writePrivate(file, new byte[0]);
        assertEquals(0, Files.size(file));
    }

    @Test
    void missingParentFolderFails() {
        Path file = dir.resolve("no/such/folder/secret");
        assertThrows(IOException.class, () -> SecretFiles.writePrivate(file, bytes("x")));
        assertEquals(false, Files.exists(file));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
