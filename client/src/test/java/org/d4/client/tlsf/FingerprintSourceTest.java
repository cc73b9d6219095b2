// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.d4.client.config.ConfigException;
import org.d4.client.config.SensorConfig;
import org.d4.client.source.Source;
import org.d4.client.source.Sources;
import org.d4.client.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream mode's {@code tlsfile:} source gives the lines of {@code tlsf -r}. */
class FingerprintSourceTest {
    private static final Path CAPTURES = Path.of("..", "bundles", "d4-fingerprint", "src", "test", "resources", "captures");
    private static final byte[] META = "{\"type\":\"ja3-jl\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private static SensorConfig config(int type, String source) {
        return new SensorConfig(UUID.randomUUID(), "key".getBytes(StandardCharsets.UTF_8), 4096, 1, type, source, "stdout", null,
                type == 254 ? META : null, null, null);
    }

    private static String readAll(Source source) throws IOException, InterruptedException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[100];
        for (int n; (n = source.read(buffer, 0, buffer.length)) >= 0;) {
            all.write(buffer, 0, n);
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fileSourceGivesTheCommandsRecords() throws Exception {
        Files.copy(CAPTURES.resolve("resumption.pcap"), dir.resolve("resumption.pcap"));
        String streamed;
        try (Source source = Sources.open(config(254, "tlsfile:resumption.pcap"), dir, Duration.ofMillis(200))) {
            streamed = readAll(source);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"tlsf", "-r", dir.resolve("resumption.pcap").toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        assertEquals(6, streamed.lines().count());
        assertEquals(out.toString(StandardCharsets.UTF_8).lines().toList(), streamed.lines().toList());
    }

    @Test
    void badConfigurationAndBadCaptureAreReported() throws Exception {
        ConfigException wrongType = assertThrows(ConfigException.class, () -> Sources.open(config(1, "tlsfile:x.pcap"), dir, Duration.ofMillis(200)));
        assertTrue(wrongType.getMessage().contains("type 254"), wrongType.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> Sources.open(config(254, "tlsfile:absent.pcap"), dir, Duration.ofMillis(200)));
        assertTrue(missing.getMessage().contains("absent.pcap"), missing.getMessage());

        byte[] whole = Files.readAllBytes(CAPTURES.resolve("tls13-ipv4.pcap"));
        Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, 3000));
        try (Source source = Sources.open(config(254, "tlsfile:cut.pcap"), dir, Duration.ofMillis(200))) {
            IOException cut = assertThrows(IOException.class, () -> readAll(source));
            assertTrue(cut.getMessage().contains("cut.pcap"), cut.getMessage());
        }
    }
}
