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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent Python implementation, {@code support/d4-frames/d4frames.py} in the repository
 * (path from the system property {@code d4.frames.tool}, which the build sets). A missing python3 or
 * tool fails the test: the cross-check is the point.
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

    /** The tool, from the build's property or, run from the module folder without it, in the repository. */
    static Path tool() {
        Path tool = Path.of(System.getProperty("d4.frames.tool", "../../support/d4-frames/d4frames.py"));
        if (!Files.isRegularFile(tool)) {
            fail("the cross-check tool " + tool.toAbsolutePath() + " is missing; set -Dd4.frames.tool=<path to d4frames.py>");
        }
        return tool;
    }

    /** One command of the tool, fed stdin. */
    static Result run(byte[] stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", tool().toString()));
        command.addAll(List.of(args));
        return exec(command, null, stdin, Duration.ofSeconds(30));
    }

    /** Any python3 command in a folder (null: the current one), with empty stdin. */
    static Result python(Path dir, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        return exec(command, dir, new byte[0], timeout);
    }

    private static Result exec(List<String> command, Path dir, byte[] stdin, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir == null ? null : dir.toFile()).start();
        } catch (IOException e) {
            return fail("python3 is required for the cross-check against d4frames.py but cannot be started ("
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
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
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
