// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.d4.distribution.Answers.json;
import static org.d4.distribution.Answers.ndjson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The TLS analyzer in the real image: shipped in analyzers/, enabled by copying it into deploy/,
 * fed the records the real client's {@code tlsf -r} makes of the fingerprinting library's captures,
 * sent by the client as type 254 ({@code ja3-jl}), and queried over HTTPS; the answers are checked
 * against what tshark and openssl found in those captures (expected.tsv, ja4.tsv, certificates.tsv).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsAnalyzerIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CAPTURES = Path.of("../bundles/d4-fingerprint/src/test/resources/captures");
    static final List<String> SENT = List.of("resumption.pcap", "tls12-mtls-ipv6.pcap", "curl-gnutls-python.pcapng");
    static final String KEY = "tls analyzer key";
    static final String ADMIN_PASSWORD = "Tls-Admin-Pass-1";
    @AutoClose
    static Appliance d4;
    static Path analyzerJar;
    static UUID sensor;
    static long handshakesSent;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_ADMIN_PASSWORD", ADMIN_PASSWORD)
                .config("d4.analyzer.tls", Map.of("labels.file", "etc/tls-labels.csv")).start();
        try (Stream<Path> shipped = Files.list(d4.home().resolve("analyzers"))) {
            analyzerJar = shipped.filter(p -> p.getFileName().toString().startsWith("analyzer-tls-")).findFirst().orElseThrow();
        }
        sensor = ClientRun.approvedSensor(d4, KEY);
        deploy();
    }

    @Test
    @Order(1)
    void shippedInAnalyzersAndBoundWhenDeployed() throws Exception {
        JsonNode status = analyzer();
        assertTrue(status.path("deployed").asBoolean(), status.toString());
        assertEquals("analyzer-tls", status.path("bundle").asText());
        assertEquals("d4-analyzer-tls", json(get("/tls/info")).path("software").asText());
    }

    @Test
    @Order(2)
    void theClientsRecordsGiveTsharksAndOpensslsValues() throws Exception {
        for (String capture : SENT) {
            handshakesSent += send(fingerprint(capture));
        }
        awaitHandshakes(handshakesSent);
        for (String capture : SENT) {
            for (String[] row : rows("expected.tsv", capture)) {
                boolean client = row[1].equals("client");
                List<JsonNode> answers = ndjson(get("/tls/" + (client ? "ja3/" : "ja3s/") + row[4]));
                assertEquals(1, answers.size(), String.join(" ", row));
                JsonNode a = answers.get(0);
                assertEquals(row[3], a.path(client ? "ja3" : "ja3s").asText(), "tshark's string");
                assertEquals(sensor.toString(), a.path("sensors").get(0).asText());
                if (client && !row[5].isEmpty()) {
                    assertTrue(a.path("sni").toString().contains("\"" + row[5] + "\""), a.toString());
                }
            }
            for (String[] row : rows("ja4.tsv", capture)) {
                List<JsonNode> answers = ndjson(get("/tls/ja4/" + row[2]));
                assertEquals(1, answers.size(), "JA4 of the spec's reference script: " + String.join(" ", row));
            }
            for (String[] row : rows("certificates.tsv", capture)) {
                if (!row[1].startsWith("443")) {
                    continue;     // a client certificate: the records carry the server's
                }
                String sha256 = row[4].replace(":", "").toLowerCase(Locale.ROOT);
                JsonNode c = ndjson(get("/tls/certificate/" + row[3])).get(0);
                assertEquals(sha256, c.path("fingerprint").asText());
                assertEquals(row[5], c.path("subject").asText());
                assertEquals(row[6], c.path("issuer").asText());
                assertEquals(row[7], c.path("serial").asText());
                HttpResponse<byte[]> der = getBytes("/tls/certificate/" + sha256 + ".der");
                assertEquals(200, der.statusCode());
                assertEquals(sha256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der.body())), "the DER openssl saw");
                Path pem = ClientRun.tempFile(".pem");
                Files.write(pem, getBytes("/tls/certificate/" + sha256 + ".pem").body());
                Commands.Result fp = Commands.run(d4.home(), Map.of(), Duration.ofSeconds(30), "openssl", "x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha256");
                assertTrue(fp.output().contains(row[4]), fp.output());
            }
        }
        String v6 = rows("expected.tsv", "tls12-mtls-ipv6.pcap").get(0)[4];
        assertTrue(ndjson(get("/tls/ip/::1")).stream().anyMatch(a -> a.path("fingerprint").asText().equals(v6)), "by IPv6 address");
        assertTrue(ndjson(get("/tls/sni/*.d4.test")).stream().anyMatch(a -> a.path("sni").toString().contains("ticket.d4.test")));
        assertFalse(ndjson(get("/tls/new?since=0&kind=ja4")).isEmpty());
    }

    @Test
    @Order(3)
    void exportedAsCsvAndNdjsonAndShownOnTheConsole() throws Exception {
        String[] client = rows("expected.tsv", "resumption.pcap").stream().filter(r -> r[1].equals("client")).findFirst().orElseThrow();
        HttpResponse<String> csv = get("/tls/export?format=csv&kind=ja3,certificate");
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertTrue(lines.get(0).startsWith("kind,fingerprint,detail,first_seen,last_seen,count"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ja3," + client[4] + ",\"" + client[3] + "\",")), "tshark's JA3, quoted");
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("ja3,") || l.startsWith("certificate,")), "only the kinds asked");
        List<JsonNode> all = ndjson(get("/tls/export?format=json"));
        assertTrue(all.stream().anyMatch(a -> a.path("kind").asText().equals("ja4")) && all.stream().anyMatch(a -> a.path("kind").asText().equals("pair")));
        assertEquals(400, get("/tls/export?format=xml").statusCode());
        assertEquals(400, get("/tls/export?kind=ja5").statusCode());
        assertEquals(404, get("/tls/export/more").statusCode());

        String[] ca = rows("certificates.tsv", "resumption.pcap").stream().filter(r -> r[5].equals(r[6])).findFirst().orElseThrow();
        try (Browser browser = new Browser(d4)) {
            browser.open("/system/console/d4-tls");
            browser.login("admin", ADMIN_PASSWORD);
            assertTrue(browser.find("#d4-tls-top-ja3").getText().contains(client[4]), "the capture's JA3 among the most frequent");
            browser.find("#d4-tls-new");             // the captures were made on an earlier day: by handshake time, not new today
            assertFalse(browser.find("#d4-tls-expiring").getText().contains("server.d4.test"), "openssl: valid until 2029");
            assertTrue(browser.find("#d4-tls-self-signed").getText().contains(ca[5]), "openssl's self-signed CA");
            browser.open("/system/console/d4-tls?kind=ja3&q=" + client[4]);
            assertTrue(browser.find("#d4-tls-results").getText().contains(client[3]), "the search answers tshark's JA3 string");
            browser.open("/system/console/d4-tls?kind=ip&q=not-an-address");
            assertTrue(browser.find("#d4-tls-error").getText().length() > 0);
            browser.screenshot("tls");
        }
    }

    @Test
    @Order(3)
    void pagesOfAnAddressQuery() throws Exception {
        List<String> all = ndjson(get("/tls/ip/127.0.0.0/8")).stream().map(a -> a.path("kind").asText() + a.path("fingerprint").asText() + a.path("role")).toList();
        assertTrue(all.size() > 5);
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = get("/tls/ip/127.0.0.0/8?limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            ndjson(page).forEach(a -> paged.add(a.path("kind").asText() + a.path("fingerprint").asText() + a.path("role")));
            cursor = page.headers().firstValue("x-cursor").orElse(null);
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(all, paged, "no duplicates, no gaps");
    }

    @Test
    @Order(4)
    void labelsFromTheFileAndTheApi() throws Exception {
        String[] row = rows("expected.tsv", "resumption.pcap").get(0);
        String ja4 = rows("ja4.tsv", "curl-gnutls-python.pcapng").get(0)[2];
        Path temp = d4.home().resolve("etc/.labels.tmp");
        Files.writeString(temp, "# operator list\n" + row[4] + ",OpenSSL s_client\n");
        Files.move(temp, d4.home().resolve("etc/tls-labels.csv"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> labelsQuietly("/tls/ja3/" + row[4]).contains("OpenSSL s_client")), "from the file");

        assertEquals(200, post("/tls/labels", "{\"fingerprint\": \"" + ja4 + "\", \"label\": \"curl\"}", d4.adminToken()).statusCode());
        assertEquals(List.of("curl"), labelsQuietly("/tls/ja4/" + ja4));
        assertTrue(json(get("/tls/labels")).path(ja4).asText().equals("curl"));
        String reader = token("user");
        assertEquals(403, post("/tls/labels", "{\"fingerprint\": \"" + ja4 + "\", \"label\": \"x\"}", reader).statusCode(), "users read, admins label");
        assertEquals(200, request("GET", "/tls/ja4/" + ja4, null, reader).statusCode());
        assertEquals(200, request("DELETE", "/tls/labels/" + ja4, null, d4.adminToken()).statusCode());
        assertEquals(List.of(), labelsQuietly("/tls/ja4/" + ja4));
        assertEquals(404, request("DELETE", "/tls/labels/" + ja4, null, d4.adminToken()).statusCode());
    }

    @Test
    @Order(5)
    void badRequestsAreClear() throws Exception {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("/tls/ja3/not-an-md5", 400);
        expected.put("/tls/ja3s/", 400);
        expected.put("/tls/ja4/t13d", 400);
        expected.put("/tls/certificate/abcd", 400);
        expected.put("/tls/certificate/" + "ab".repeat(32) + ".der", 404);
        expected.put("/tls/ip/192.0.2.0/40", 400);
        expected.put("/tls/ip/example.com", 400);
        expected.put("/tls/sni/www.*.example", 400);
        expected.put("/tls/new", 400);
        expected.put("/tls/new?since=someday", 400);
        expected.put("/tls/ja3/" + "a".repeat(32) + "?rrtype=A", 400);
        expected.put("/tls/ip/::1?limit=0", 400);
        expected.put("/tls/ip/::1?cursor=42", 400);
        expected.put("/tls/ja5/x", 404);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            HttpResponse<String> r = get(e.getKey());
            assertEquals(e.getValue(), r.statusCode(), e.getKey() + " " + r.body());
            assertEquals("error", json(r).path("status").asText());
            assertFalse(json(r).path("reason").asText().isBlank());
        }
        HttpResponse<String> wrongMethod = post("/tls/ja3/" + "a".repeat(32), "{}", d4.adminToken());
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertEquals(401, request("GET", "/tls/info", null, null).statusCode());
        assertEquals(401, request("GET", "/tls/info", null, "not-a-token").statusCode());
        assertEquals(415, request("POST", "/tls/labels", "fingerprint=x", d4.adminToken()).statusCode());
        assertEquals(400, post("/tls/labels", "{\"fingerprint\": \"nope\", \"label\": \"x\"}", d4.adminToken()).statusCode());
        assertEquals(400, post("/tls/labels", "[", d4.adminToken()).statusCode());
        assertEquals(0, ndjson(get("/tls/ja3/" + "a".repeat(32))).size(), "unknown: an empty answer");
    }

    @Test
    @Order(6)
    void undeployedItKeepsItsQueueFillingAndRedeployedItLosesNothing() throws Exception {
        long before = json(get("/tls/info")).path("handshakes").asLong();
        Files.delete(d4.home().resolve("deploy").resolve(analyzerJar.getFileName()));
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> !analyzer().path("deployed").asBoolean(true)), "undeployed");
        // the analyzer service and the query servlet are two services of the bundle: they leave one after the other
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> statusQuietly("/tls/info") == 404), "the query server left with it");
        List<String> lines = fingerprint("tls13-ipv4.pcap");
        send(lines);
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> analyzer().path("lag").asLong() == lines.size()), "queued while away");
        deploy();
        awaitHandshakes(before + lines.size());
        assertEquals(0, analyzer().path("lag").asLong());
        assertEquals(before + lines.size(), json(get("/tls/info")).path("handshakes").asLong(), "each handshake once");
        String ja3 = rows("expected.tsv", "tls13-ipv4.pcap").get(0)[4];
        assertEquals(1, ndjson(get("/tls/ja3/" + ja3)).size());
    }

    @Test
    @Order(7)
    void capturesSentAsType1AreFingerprintedAndCopiesCountOnce() throws Exception {
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> analyzer("tls-pcap").path("deployed").asBoolean(false)), "bound too");
        JsonNode before = json(get("/tls/info"));
        sendCapture("tls13-hrr.pcap");
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> counter("captures") == 1), "fingerprinted");
        String[] first = rows("expected.tsv", "tls13-hrr.pcap").get(0);
        assertEquals(first[3], ndjson(get("/tls/ja3/" + first[4])).get(0).path("ja3").asText(), "tshark's JA3 of the first ClientHello");
        assertEquals(1, ndjson(get("/tls/ja4/" + rows("ja4.tsv", "tls13-hrr.pcap").get(0)[2])).size());
        long handshakes = counter("handshakes");
        assertTrue(handshakes > before.path("handshakes").asLong());

        // the records of this capture came as ja3-jl lines before (the redeploy test): the capture adds nothing
        String ja3 = rows("expected.tsv", "tls13-ipv4.pcap").get(0)[4];
        long count = ndjson(get("/tls/ja3/" + ja3)).get(0).path("count").asLong();
        sendCapture("tls13-ipv4.pcap");
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> counter("captures") == 2), "fingerprinted");
        assertEquals(handshakes, counter("handshakes"), "no new handshake");
        assertEquals(fingerprint("tls13-ipv4.pcap").size(), counter("duplicates"));
        assertEquals(count, ndjson(get("/tls/ja3/" + ja3)).get(0).path("count").asLong());
    }

    // ---- helpers

    /** Sends a capture file with the client as type 1 (a pcap stream). */
    static void sendCapture(String capture) throws Exception {
        Path conf = ClientRun.configDir(sensor, KEY, 1, 65536, CAPTURES.resolve(capture).toAbsolutePath().toString(), "127.0.0.1:" + d4.sensorPort(), Map.of());
        ClientRun run = ClientRun.complete(new byte[0], Duration.ofSeconds(60), "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
    }

    static int statusQuietly(String path) {
        try {
            return get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static long counter(String name) {
        try {
            return json(get("/tls/info")).path(name).asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The records of the real client's {@code tlsf -r} for one capture. */
    static List<String> fingerprint(String capture) throws Exception {
        ClientRun run = ClientRun.complete(new byte[0], Duration.ofSeconds(60), "tlsf", "-r", CAPTURES.resolve(capture).toString());
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = new ArrayList<>();
        for (String line : new String(run.stdout(), UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        assertFalse(lines.isEmpty(), capture);
        return lines;
    }

    /** Sends the lines with the client as type 254, meta header {"type": "ja3-jl"}. */
    static long send(List<String> lines) throws Exception {
        Path conf = ClientRun.configDir(sensor, KEY, 254, 4096, "stdin", "127.0.0.1:" + d4.sensorPort(),
                Map.of("metaheader.json", "{\"type\": \"ja3-jl\"}\n"));
        ClientRun run = ClientRun.complete((String.join("\n", lines) + "\n").getBytes(UTF_8), Duration.ofSeconds(60), "-c", conf.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        return lines.size();
    }

    static void awaitHandshakes(long n) throws InterruptedException {
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> {
            try {
                return json(get("/tls/info")).path("handshakes").asLong() >= n;
            } catch (Exception e) {
                return false;
            }
        }), n + " handshakes stored");
    }

    static List<String[]> rows(String table, String capture) throws IOException {
        return Files.readAllLines(CAPTURES.resolve(table)).stream().map(l -> l.split("\t", -1)).filter(r -> r[0].equals(capture)).toList();
    }

    static void deploy() throws Exception {
        Path temp = d4.home().resolve("deploy/.tls.tmp");
        Files.copy(analyzerJar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, d4.home().resolve("deploy").resolve(analyzerJar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> analyzer().path("deployed").asBoolean(false)), "analyzer bound");
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> {
            try {
                return get("/tls/info").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }), "query server up");
    }

    static JsonNode analyzer() {
        return analyzer("tls");
    }

    static JsonNode analyzer(String name) {
        try {
            return JSON.readTree(d4.api("GET", "/analyzers/" + name, null).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> labelsQuietly(String path) {
        try {
            List<String> out = new ArrayList<>();
            ndjson(get(path)).get(0).path("labels").forEach(l -> out.add(l.asText()));
            return out;
        } catch (Exception e) {
            return List.of("unavailable: " + e);
        }
    }

    static String token(String role) throws Exception {
        String name = "tls-" + role.replace("-", "") + System.nanoTime();
        assertEquals(200, d4.api("POST", "/users", "{\"name\": \"" + name + "\", \"password\": \"Tls-password-1\", \"roles\": [\"" + role + "\"]}").statusCode());
        return JSON.readTree(d4.api("POST", "/users/" + name + "/tokens", null).body()).path("token").asText();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return request("GET", path, null, d4.adminToken());
    }

    static HttpResponse<byte[]> getBytes(String path) throws Exception {
        return d4.send(HttpRequest.newBuilder(d4.uri(path)).timeout(Duration.ofSeconds(60)).header("Authorization", d4.adminToken()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> post(String path, String body, String token) throws Exception {
        return request("POST", path, body, token, "application/json");
    }

    static HttpResponse<String> request(String method, String path, String body, String token) throws Exception {
        return request(method, path, body, token, "application/x-www-form-urlencoded");
    }

    static HttpResponse<String> request(String method, String path, String body, String token, String type) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(d4.uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", type);
        }
        if (token != null) {
            r.header("Authorization", token);
        }
        return d4.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
