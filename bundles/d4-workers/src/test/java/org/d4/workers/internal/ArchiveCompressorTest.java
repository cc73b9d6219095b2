// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveCompressorTest {
    @TempDir
    Path dir;

    @Test
    void theLevelTradesSizeForSpeedAndGzipReadsEitherFile() throws Exception {
        byte[] text = logLines();
        Path fast = compressAt(1, "fast.txt", text);
        Path small = compressAt(9, "small.txt", text);

        assertEquals(dir.resolve("fast.txt.gz"), fast);
        assertFalse(Files.exists(dir.resolve("fast.txt")), "the original is gone once its .gz is in place");
        assertArrayEquals(text, gunzipWithTheGzipTool(fast));
        assertArrayEquals(text, gunzipWithTheGzipTool(small));
        assertTrue(Files.size(small) < Files.size(fast), Files.size(small) + " bytes at level 9, " + Files.size(fast) + " at level 1");
    }

    private Path compressAt(int level, String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        ArchiveCompressor compressor = new ArchiveCompressor(1, level, true);
        try {
            return compressor.compress(file);
        } finally {
            compressor.shutdown(Duration.ofSeconds(5));
        }
    }

    /** 2 MB of varied log lines: enough for the levels to differ. */
    private static byte[] logLines() {
        Random random = new Random(7);
        StringBuilder lines = new StringBuilder();
        while (lines.length() < 2_000_000) {
            lines.append("2026-12-06T03:").append(random.nextInt(60)).append(" host").append(random.nextInt(500))
                    .append(" sshd[").append(random.nextInt(99999)).append("]: Failed password for user")
                    .append(random.nextInt(3000)).append(" from 198.51.100.").append(random.nextInt(256)).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] gunzipWithTheGzipTool(Path file) throws Exception {
        Process gzip = new ProcessBuilder("gzip", "-dc", file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = gzip.getInputStream().readAllBytes();
        assertEquals(0, gzip.waitFor(), "gzip -dc exit status");
        return out;
    }
}
