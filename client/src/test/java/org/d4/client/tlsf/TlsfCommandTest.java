// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.d4.client.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsf -r} on the captures of d4-fingerprint, checked against what tshark and openssl found in
 * them (expected.tsv, ja4.tsv, certificates.tsv next to the captures).
 */
class TlsfCommandTest {
    /** The module's tests run in the module folder; the captures stay where the library keeps them. */
    private static final Path CAPTURES = Path.of("..", "bundles", "d4-fingerprint", "src", "test", "resources", "captures");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
        List<JsonNode> records() throws IOException {
            List<JsonNode> list = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isEmpty()) {
                    list.add(MAPPER.readTree(line));
                }
            }
            return list;
        }
    }

    private static Run run(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(tlsf(args), new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command line of {@code java -jar d4-client.jar tlsf ARGS}. */
    private static String[] tlsf(String... args) {
        return Stream.concat(Stream.of("tlsf"), Stream.of(args)).toArray(String[]::new);
    }

    private static Run run(String... args) {
        return run(new byte[0], args);
    }

    private static List<String[]> rows(String table) throws IOException {
        return Files.readAllLines(CAPTURES.resolve(table)).stream().filter(l -> !l.isBlank()).map(l -> l.split("\t", -1)).toList();
    }

    private static JsonNode byClientPort(List<JsonNode> records, String port) {
        return records.stream().filter(r -> r.get("ClientPort").asText().equals(port)).findFirst()
                .orElseThrow(() -> new AssertionError("no record for client port " + port));
    }

    @Test
    void ja3AndSniMatchTshark() throws IOException {
        int checked = 0;
        for (String[] row : rows("expected.tsv")) {
            Run run = run("-r", CAPTURES.resolve(row[0]).toString());
            assertEquals(0, run.status(), run.err());
            JsonNode r = byClientPort(run.records(), row[2]);
            if (row[1].equals("client")) {
                assertEquals(row[3], r.get("JA3").asText(), row[0] + " " + row[2]);
                assertEquals(row[4], r.get("JA3Digest").asText(), row[0] + " " + row[2]);
                String sni = row.length > 5 ? row[5] : "";
                assertEquals(sni, r.get("SNI").isNull() ? "" : r.get("SNI").asText(), row[0] + " " + row[2]);
            } else {
                assertEquals(row[3], r.get("JA3S").asText(), row[0] + " " + row[2]);
                assertEquals(row[4], r.get("JA3SDigest").asText(), row[0] + " " + row[2]);
            }
            checked++;
        }
        assertEquals(30, checked);
    }

    @Test
    void ja4MatchesTheReferenceValues() throws IOException {
        List<String[]> rows = rows("ja4.tsv");
        for (String[] row : rows) {
            JsonNode r = byClientPort(run("-r", CAPTURES.resolve(row[0]).toString()).records(), row[1]);
            assertEquals(row[2], r.get("JA4").asText(), row[0] + " " + row[1]);
            assertEquals(row[3], r.get("JA4_r").asText(), row[0] + " " + row[1]);
        }
        assertEquals(14, rows.size());
    }

    @Test
    void certificatesAreWrittenOnceNamedByTheirOpensslSha1() throws IOException, NoSuchAlgorithmException {
        Set<String> expected = new TreeSet<>();
        Set<String> captures = new TreeSet<>();
        for (String[] row : rows("certificates.tsv")) {
            expected.add(row[3].replace(":", "").toLowerCase());
            captures.add(row[0]);
        }
        for (String capture : captures) {
            assertEquals(0, run("-w", dir.toString(), "-r", CAPTURES.resolve(capture).toString()).status());
        }
        Set<String> written = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                assertTrue(name.endsWith(".crt"), name);
                String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(f)));
                assertEquals(name, sha1 + ".crt");
                written.add(sha1);
            }
        }
        assertEquals(expected, written);
    }

    @Test
    void recordsCarryTheGoSensorFieldsAndOurs() throws IOException {
        Run run = run("-r", CAPTURES.resolve("tls12-mtls-ipv6.pcap").toString());
        List<JsonNode> records = run.records();
        assertEquals(1, records.size());
        JsonNode r = records.get(0);
        List<String> names = new ArrayList<>();
        r.fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(List.of("ServerIP", "ServerPort", "ClientIP", "ClientPort", "TLSH", "Timestamp", "JA3", "JA3Digest",
                "JA3S", "JA3SDigest", "Certificates", "JA4", "JA4_r", "JA4_o", "JA4_ro", "SNI", "ALPN", "ALPNSelected", "Version",
                "Cipher", "HelloRetryRequest", "Resumed", "ResumptionOffered")), names.toString());
        assertEquals("::1", r.get("ServerIP").asText());
        assertEquals("4433", r.get("ServerPort").asText());
        assertEquals("37064", r.get("ClientPort").asText());
        Instant.parse(r.get("Timestamp").asText());
        JsonNode cert = r.get("Certificates").get(0);
        assertEquals("092f1d2f0cdfbeebe0164c9aa2ee3c61f40ce651", cert.get("CertHash").asText());
        assertTrue(cert.get("Raw").isTextual());
        assertEquals(2, r.get("Certificates").size());
        assertTrue(r.get("MutualTLS").asBoolean());
    }

    @Test
    void flagsOfTls13HelloRetryAndResumption() throws IOException {
        JsonNode hrr = run("-r", CAPTURES.resolve("tls13-hrr.pcap").toString()).records().get(0);
        assertTrue(hrr.get("HelloRetryRequest").asBoolean());
        assertEquals("0x0304", hrr.get("Version").asText());
        List<JsonNode> resumption = run("-r", CAPTURES.resolve("resumption.pcap").toString()).records();
        assertFalse(byClientPort(resumption, "38246").get("Resumed").asBoolean());
        assertTrue(byClientPort(resumption, "38262").get("Resumed").asBoolean());
        assertTrue(byClientPort(resumption, "46160").get("ResumptionOffered").asBoolean());
        JsonNode tls13 = run("-r", CAPTURES.resolve("tls13-ipv4.pcap").toString()).records().get(0);
        assertEquals(List.of("h2", "http/1.1"), MAPPER.convertValue(tls13.get("ALPN"), List.class));
    }

    @Test
    void stdinAndJsonFolderGiveTheSameRecords() throws IOException {
        byte[] capture = Files.readAllBytes(CAPTURES.resolve("resumption.pcap"));
        Run fromStdin = run(capture, "-r", "-");
        assertEquals(0, fromStdin.status(), fromStdin.err());
        assertEquals(6, fromStdin.records().size());
        Run toFolder = run(capture, "-r", "-", "-j", dir.toString());
        assertEquals(0, toFolder.status());
        assertEquals("", toFolder.out());
        List<JsonNode> fromFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertTrue(f.getFileName().toString().endsWith(".json"));
                fromFiles.add(MAPPER.readTree(f.toFile()));
            }
        }
        assertEquals(new TreeSet<>(fromStdin.records().stream().map(JsonNode::toString).toList()),
                new TreeSet<>(fromFiles.stream().map(JsonNode::toString).toList()));
    }

    @Test
    void badInputIsAClearErrorWithoutStackTrace() throws IOException {
        Run missing = run("-r", dir.resolve("absent.pcap").toString());
        assertEquals(TlsfCommand.INPUT_FAILED, missing.status());
        assertTrue(missing.err().contains("absent.pcap: no such file"), missing.err());

        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a capture\n");
        Run notCapture = run("-r", text.toString());
        assertEquals(TlsfCommand.INPUT_FAILED, notCapture.status());
        assertTrue(notCapture.err().contains("not a pcap or pcapng capture"), notCapture.err());

        byte[] whole = Files.readAllBytes(CAPTURES.resolve("tls13-ipv4.pcap"));
        Path cut = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(whole, 3000));
        Run truncated = run("-r", cut.toString());
        assertEquals(TlsfCommand.INPUT_FAILED, truncated.status());
        assertTrue(truncated.err().contains("cut short"), truncated.err());

        Run empty = run(new byte[0], "-r", "-");
        assertEquals(TlsfCommand.INPUT_FAILED, empty.status());

        Run badFlag = run("-x");
        assertEquals(TlsfCommand.BAD_OPTIONS, badFlag.status());
        assertTrue(badFlag.err().contains("Unknown option: '-x'"), badFlag.err());
        Run noValue = run("-r");
        assertEquals(TlsfCommand.BAD_OPTIONS, noValue.status());
        assertTrue(noValue.err().contains("Missing required parameter for option '-r'"), noValue.err());
        Run noFolder = run("-w", dir.resolve("absent").toString(), "-r", "-");
        assertEquals(TlsfCommand.BAD_OPTIONS, noFolder.status());
        assertTrue(noFolder.err().contains("is not a folder"), noFolder.err());

        for (Run r : List.of(missing, notCapture, truncated, empty, badFlag, noValue, noFolder)) {
            assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        }
    }

    /** A capture split into two files at {@code packets} packets: the pcap header is repeated in the second. */
    private Path[] split(String capture, int packets) throws IOException {
        byte[] whole = Files.readAllBytes(CAPTURES.resolve(capture));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(whole).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertTrue(b.getInt(0) == 0xa1b2c3d4 || b.getInt(0) == 0xa1b23c4d, "a little-endian pcap");
        int at = 24;
        for (int i = 0; i < packets; i++) {
            at += 16 + b.getInt(at + 8);
        }
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        second.write(whole, 0, 24);
        second.write(whole, at, whole.length - at);
        return new Path[] {Files.write(dir.resolve("part-1.pcap"), java.util.Arrays.copyOf(whole, at)),
            Files.write(dir.resolve("part-2.pcap"), second.toByteArray())};
    }

    @Test
    void rotatedFilesAreReadAsOneCaptureWithStatistics() throws IOException {
        Run whole = run("-r", CAPTURES.resolve("tls12-mtls-ipv6.pcap").toString());
        assertEquals(0, whole.status(), whole.err());
        List<JsonNode> expected = whole.records();
        String ja3 = expected.get(0).path("JA3").asText();
        assertFalse(ja3.isEmpty());
        Path[] parts = split("tls12-mtls-ipv6.pcap", 5);    // after the ClientHello, before the server's flight

        Run alone = run("-r", parts[1].toString());
        assertTrue(alone.records().stream().noneMatch(r -> r.path("JA3").asText().equals(ja3)),
                "the second file alone misses the ClientHello: " + alone.out());

        Run both = run("--stats", "-r", parts[0].toString(), "-r", parts[1].toString());
        assertEquals(0, both.status(), both.err());
        assertEquals(expected.stream().map(JsonNode::toString).toList(), both.records().stream().map(JsonNode::toString).toList());
        String[] lines = both.err().split("\n");
        assertEquals(3, lines.length, both.err());
        assertTrue(lines[0].matches("tlsf: .*part-1\\.pcap: 5 packets, 0 records, [0-9.]+ s CPU \\(process\\), [0-9]+ packets/s per CPU second"), lines[0]);
        assertTrue(lines[1].matches("tlsf: .*part-2\\.pcap: 10 packets, " + expected.size() + " records, .*"), lines[1]);
        assertTrue(lines[2].startsWith("tlsf: total: " + expected.size() + " records, "), lines[2]);
        assertTrue(lines[2].contains("handshakesReported=" + expected.size()), lines[2]);

        Run stdinWithFile = run("-r", "-", "-r", parts[0].toString());
        assertEquals(TlsfCommand.BAD_OPTIONS, stdinWithFile.status());
        assertTrue(stdinWithFile.err().contains("cannot be combined"), stdinWithFile.err());
        Run secondMissing = run("-r", parts[0].toString(), "-r", dir.resolve("absent.pcap").toString());
        assertEquals(TlsfCommand.INPUT_FAILED, secondMissing.status());
        assertTrue(secondMissing.err().contains("absent.pcap: no such file"), secondMissing.err());
    }
}
