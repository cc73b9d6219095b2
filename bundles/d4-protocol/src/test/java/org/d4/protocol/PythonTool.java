// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent Python implementation, {@code d4_frames.py} (path from the system property
 * {@code d4.frames.tool}). A missing python3 or tool fails the test: the cross-check is the point.
 */
final class PythonTool {

    /** Exit code, stdout and stderr of one run. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    private PythonTool() {
    }

    static Result run(byte[] stdin, String... args) {
        Path tool = Path.of(System.getProperty("d4.frames.tool", "../../../shared/tools/d4_frames.py"));
        if (!Files.isRegularFile(tool)) {
            fail("the cross-check tool " + tool + " is missing; set -Dd4.frames.tool=<path to d4_frames.py>");
        }
        List<String> command = new ArrayList<>(List.of("python3", tool.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            return fail("python3 is required for the cross-check against d4_frames.py but cannot be started ("
                    + e.getMessage() + "); install python3 and put it on the PATH");
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("d4_frames.py " + String.join(" ", args) + " did not finish within 30 s");
            }
            return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream buffer = new ByteArrayOutputStream()) {
            in.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
