// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.d4.workers.internal.WorkerFixture.feed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.d4.api.ingest.PayloadSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ja3-jl worker keeps the records' certificates as the reference server does. The certificates
 * are made by openssl for each run; their file names are checked against openssl's SHA-1 fingerprints.
 */
class CertificateFilesTest {
    @TempDir
    Path dir;
    private WorkerFixture workers;

    @BeforeEach
    void start() throws IOException {
        workers = WorkerFixture.started(dir, Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        workers.close();
    }

    /** A self-signed certificate made by openssl, DER. */
    private byte[] openssl(String name, String... newKey) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path der = dir.resolve(name + ".der");
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey"));
        command.addAll(List.of(newKey));
        command.addAll(List.of("-nodes", "-keyout", key.toString(), "-outform", "DER", "-out", der.toString(), "-days", "30",
                "-subj", "/CN=" + name + ".d4.test/O=D4 Test"));
        run(command.toArray(String[]::new));
        return Files.readAllBytes(der);
    }

    private String opensslSha1(Path der) throws IOException, InterruptedException {
        String out = run("openssl", "x509", "-inform", "DER", "-in", der.toString(), "-noout", "-fingerprint", "-sha1");
        return out.substring(out.indexOf('=') + 1).trim().replace(":", "").toLowerCase(Locale.ROOT);
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String record(int port, byte[]... certificates) {
        StringBuilder s = new StringBuilder("{\"ServerIP\":\"192.0.2.1\",\"ServerPort\":\"443\",\"ClientPort\":\"" + port
                + "\",\"JA3\":\"771,4865,0,29,0\",\"Certificates\":[");
        for (int i = 0; i < certificates.length; i++) {
            s.append(i == 0 ? "" : ",").append("{\"CertHash\":\"x\",\"Raw\":\"").append(Base64.getEncoder().encodeToString(certificates[i]))
                    .append("\",\"Subject\":{\"CN\":[\"a\"]}}");
        }
        return s.append("],\"JA4\":\"t13d\"}").toString();
    }

    private List<Path> saved() throws IOException {
        Path folder = workers.archive.resolve(workers.sensor.toString()).resolve("ja3-jl").resolve("certs");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private Ja3JsonLineHandler handler(boolean save, int maxBytes) {
        return new Ja3JsonLineHandler(workers.context, workers.queues, save, maxBytes);
    }

    @Test
    void eachCertificateIsSavedOnceNamedByItsSha1AndTheLinesAreQueuedUnchanged() throws Exception {
        byte[] rsa = openssl("rsa", "rsa:2048");
        byte[] ec = openssl("ec", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
        UUID queue = workers.queue("ja3-jl");
        Ja3JsonLineHandler ja3 = handler(true, 65_536);
        List<String> lines = List.of(record(1, rsa, ec), record(2, ec), record(3), record(4, rsa));
        PayloadSession session = ja3.open(workers.session("ja3-jl", Map.of()));
        feed(session, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        session.close();
        workers.drain();

        assertEquals(lines, workers.texts(queue), "queued as they came");
        List<Path> files = saved();
        assertEquals(2, files.size(), files.toString());
        for (Path file : files) {
            String sha1 = opensslSha1(file);
            assertEquals(sha1 + ".crt", file.getFileName().toString());
            byte[] content = Files.readAllBytes(file);
            assertTrue(java.util.Arrays.equals(rsa, content) || java.util.Arrays.equals(ec, content));
        }
        CertificateFiles counters = ja3.certificates().orElseThrow();
        assertEquals(2, counters.saved());
        assertEquals(2, counters.known(), "the second sight of each");
    }

    @Test
    void aSecondSessionAndAnotherSensorKeepTheirOwnFolders() throws Exception {
        byte[] cert = openssl("shared", "rsa:2048");
        Ja3JsonLineHandler ja3 = handler(true, 65_536);
        for (int i = 0; i < 2; i++) {
            PayloadSession session = ja3.open(workers.session("ja3-jl", Map.of()));
            feed(session, (record(i, cert) + "\n").getBytes(StandardCharsets.UTF_8));
            session.close();
        }
        assertEquals(1, saved().size());
        assertArrayEquals(cert, Files.readAllBytes(saved().get(0)));
        assertEquals(1, ja3.certificates().orElseThrow().known());
        UUID other = UUID.randomUUID();
        ja3.certificates().orElseThrow().save(other, (record(9, cert) + "\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(Files.exists(workers.archive.resolve(other + "/ja3-jl/certs").resolve(saved().get(0).getFileName())));
    }

    @Test
    void tooLargeMalformedAndOddRecordsAreCountedAndStillQueued() throws Exception {
        byte[] cert = openssl("big", "rsa:4096");
        UUID queue = workers.queue("ja3-jl");
        Ja3JsonLineHandler ja3 = handler(true, 1024);
        List<String> lines = new ArrayList<>(List.of(
                record(1, cert),                                              // over 1,024 bytes
                "{\"Certificates\":[{\"Raw\":\"not base64 at all!\"}]}",
                "{\"Certificates\":[{\"Raw\":\"\"}]}",
                "{\"Certificates\":null,\"JA3\":\"x\"}",
                "{\"Certificates\":\"MIIB\"}",
                "{\"Certificates\":[1,\"MIIB\",null,[{\"Raw\":\"AAAA\"}],{\"Raw\":5}]}",
                "{\"Other\":{\"Certificates\":[{\"Raw\":\"AAAA\"}]}}",
                "{\"Certificates\":[{\"Raw\":\"" + "A".repeat(200_000) + "\"}]}"));
        PayloadSession session = ja3.open(workers.session("ja3-jl", Map.of()));
        feed(session, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        session.close();
        workers.drain();

        CertificateFiles counters = ja3.certificates().orElseThrow();
        assertEquals(List.of(), saved(), "nothing saved");
        assertEquals(1, counters.tooLarge(), "the 4096-bit certificate; the 200,000-character line is cut by max.line.bytes and not JSON");
        assertEquals(2, counters.malformed(), "not base64, empty");
        assertEquals(0, counters.saved());
        lines.remove(lines.size() - 1);
        assertEquals(lines, workers.texts(queue), "every JSON record queued unchanged");
    }

    @Test
    void nothingIsSavedWhenTurnedOff() throws Exception {
        byte[] cert = openssl("off", "rsa:2048");
        UUID queue = workers.queue("ja3-jl");
        Ja3JsonLineHandler ja3 = handler(false, 65_536);
        PayloadSession session = ja3.open(workers.session("ja3-jl", Map.of()));
        feed(session, (record(1, cert) + "\n").getBytes(StandardCharsets.UTF_8));
        session.close();
        workers.drain();
        assertFalse(ja3.certificates().isPresent());
        assertEquals(List.of(), saved());
        assertEquals(1, workers.texts(queue).size());
    }
}
