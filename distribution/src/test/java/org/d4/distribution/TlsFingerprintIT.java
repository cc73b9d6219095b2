// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.ForegroundAppliance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS fingerprints from sensor to server: ja3-jl records made by {@code tlsf} from d4-fingerprint's
 * captures reach the server image, which archives and queues them unchanged and keeps their certificates
 * as DER files named by SHA-1 (checked against openssl's fingerprints in certificates.tsv); and the
 * sensor image streams a capture file's fingerprints as a stream configuration ({@code tlsfile:}).
 */
class TlsFingerprintIT {
    static final Path CAPTURES = Path.of("..", "bundles", "d4-fingerprint", "src", "test", "resources", "captures");
    static final ObjectMapper JSON = new ObjectMapper();
    static Appliance server;

    @BeforeAll
    static void start() throws Exception {
        server = Appliance.fromImage(ServerImageIT.IMAGE).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] tlsf(String capture) throws Exception {
        ClientRun run = ClientRun.complete(new byte[0], Duration.ofSeconds(60), "tlsf", "-r", CAPTURES.resolve(capture).toAbsolutePath().toString());
        assertEquals(0, run.exitCode(), run.stderr());
        return run.stdout();
    }

    /** openssl's SHA-1 fingerprints of the server certificates in certificates.tsv, lower-case hex. */
    private static Set<String> opensslSha1s(String capture) throws IOException {
        Set<String> sha1s = new TreeSet<>();
        for (String line : Files.readAllLines(CAPTURES.resolve("certificates.tsv"))) {
            String[] row = line.split("\t");
            if (row.length > 3 && row[0].equals(capture)) {
                sha1s.add(row[3].replace(":", "").toLowerCase(Locale.ROOT));
            }
        }
        return sha1s;
    }

    private static List<Path> certificateFiles(UUID sensor) {
        Path dir = server.home().resolve("data/archive").resolve(sensor.toString()).resolve("ja3-jl").resolve("certs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".crt")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theServerKeepsEachCertificateOnceAndTheRecordsUnchanged() throws Exception {
        UUID sensor = ClientRun.approvedSensor(server, "tlsf key");
        // the mTLS capture: server chain and client certificate; sent twice, kept once
        byte[] records = tlsf("tls12-mtls-ipv6.pcap");
        byte[] twice = IngestIT.concat(records, tlsf("resumption.pcap"), records);
        Path input = ClientRun.tempFile(".jl");
        Files.write(input, twice);
        Path conf = ClientRun.configDir(sensor, "tlsf key", 254, 4096, input.toString(), "127.0.0.1:" + server.sensorPort(),
                Map.of("metaheader.json", "{\"type\":\"ja3-jl\"}"));
        ClientRun send = ClientRun.complete(new byte[0], Duration.ofSeconds(60), "-c", conf.toString(), "-rt", "0");
        assertEquals(0, send.exitCode(), send.stderr());
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> java.util.Arrays.equals(twice, IngestIT.archivedIn(server, sensor, "ja3-jl"))),
                "archived as sent");

        Set<String> expected = new TreeSet<>(opensslSha1s("tls12-mtls-ipv6.pcap"));
        expected.addAll(opensslSha1s("resumption.pcap"));
        // the Go sensor's Certificates are the server's: the client certificate of the mTLS capture is in ClientCertificates
        for (String line : new String(twice, StandardCharsets.UTF_8).split("\n")) {
            for (JsonNode c : JSON.readTree(line).get("ClientCertificates")) {
                expected.remove(c.get("CertHash").asText());
            }
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> certificateFiles(sensor).size() == expected.size()),
                "files: " + certificateFiles(sensor));
        Set<String> names = new TreeSet<>();
        for (Path file : certificateFiles(sensor)) {
            names.add(file.getFileName().toString().replace(".crt", ""));
            byte[] der = Files.readAllBytes(file);
            assertEquals(file.getFileName().toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der)) + ".crt");
            Commands.Result text = Commands.run(server.home(), Map.of(), Duration.ofSeconds(30), "openssl", "x509", "-inform", "der", "-in",
                    file.toString(), "-noout", "-fingerprint", "-sha1");
            assertEquals(0, text.exitCode(), text.output());
            assertTrue(text.output().toLowerCase(Locale.ROOT).replace(":", "").contains(file.getFileName().toString().replace(".crt", "")),
                    text.output());
        }
        assertEquals(expected, names);
    }

    @Test
    void theSensorImageStreamsACaptureFilesFingerprints() throws Exception {
        UUID sensor = ClientRun.approvedSensor(server, "sensor tlsf key");
        byte[] expected = tlsf("curl-gnutls-python.pcapng");
        try (ForegroundAppliance image = Appliance.fromImage(SensorImageIT.SENSOR_IMAGE).env("D4_CONSOLE_LOG", "off").runInForeground()) {
            Path capture = Files.copy(CAPTURES.resolve("curl-gnutls-python.pcapng"), image.appliance().home().resolve("data/tls.pcapng"));
            Files.writeString(image.appliance().home().resolve("etc/d4.client-tls.cfg"), String.join("\n", "uuid = " + sensor,
                    "key = sensor tlsf key", "type = 254", "source = tlsfile:" + capture, "meta.header = {\"type\":\"ja3-jl\"}",
                    "destination = 127.0.0.1:" + server.sensorPort(), "retry.delay = 1s", ""));
            assertTrue(Commands.eventually(Duration.ofSeconds(60),
                    () -> java.util.Arrays.equals(expected, IngestIT.archivedIn(server, sensor, "ja3-jl"))),
                    "archived: " + new String(IngestIT.archivedIn(server, sensor, "ja3-jl"), StandardCharsets.UTF_8) + "\n"
                            + image.shell("d4:client", Duration.ofSeconds(20)));
            String listing = image.shell("d4:client", Duration.ofSeconds(20));
            assertTrue(listing.contains(sensor.toString()) && listing.contains("ended"), listing);
        }
        // the records name the handshakes tshark found (expected.tsv) and carry the TLSH
        List<String> ja3s = new ArrayList<>();
        for (String line : new String(expected, StandardCharsets.UTF_8).split("\n")) {
            JsonNode r = JSON.readTree(line);
            ja3s.add(r.get("ClientPort").asText() + " " + r.get("JA3").asText());
            assertTrue(r.get("TLSH").asText().matches("[0-9a-f]{70}"), line);
        }
        List<String> tshark = new ArrayList<>();
        for (String line : Files.readAllLines(CAPTURES.resolve("expected.tsv"))) {
            String[] row = line.split("\t");
            if (row[0].equals("curl-gnutls-python.pcapng") && row[1].equals("client")) {
                tshark.add(row[2] + " " + row[3]);
            }
        }
        assertEquals(new TreeSet<>(tshark), new TreeSet<>(ja3s));
        assertArrayEquals(expected, IngestIT.archivedIn(server, sensor, "ja3-jl"));
    }
}
