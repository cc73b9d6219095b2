// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.d4.distribution.Answers.json;
import static org.d4.distribution.Answers.ndjson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The passive DNS analyzer in the real image: shipped in analyzers/, enabled by copying it into
 * deploy/, fed passivedns lines by a sensor over D4, queried over HTTPS as pDNS clients do.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PassiveDnsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "pdns key";
    static final UUID SENSOR = UUID.randomUUID();
    static final UUID OTHER_SENSOR = UUID.randomUUID();
    static final String ORIGIN = "https://pdns.d4.example";
    @AutoClose
    static Appliance d4;
    static Path analyzerJar;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.analyzer.passivedns", config(false))
                .start();
        assertEquals(200, d4.api("PUT", "/server", "{\"mode\":\"shared-secret\",\"default_key\":\"" + KEY + "\"}").statusCode());
        try (Stream<Path> shipped = Files.list(d4.home().resolve("analyzers"))) {
            analyzerJar = shipped.filter(p -> p.getFileName().toString().startsWith("analyzer-passivedns-")).findFirst().orElseThrow();
        }
        deploy();
    }

    static Map<String, String> config(boolean anonymous) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("exclusions", ".local.,.excluded.example.");      // FileInstall .cfg values are strings: lists are comma-separated
        c.put("expiration", "SRV=15");     // long enough to be seen before it expires, on a loaded machine too
        c.put("origin", ORIGIN);
        c.put("import.max.mb", "1");
        c.put("anonymous.read", Boolean.toString(anonymous));
        return c;
    }

    @Test
    @Order(1)
    void shippedInAnalyzersAndBoundWhenDeployed() throws Exception {
        assertTrue(Files.isRegularFile(analyzerJar), "in the image's analyzers/ folder");
        JsonNode status = analyzer();
        assertTrue(status.path("deployed").asBoolean(), status.toString());
        assertEquals("analyzer-passivedns", status.path("bundle").asText());
        JsonNode info = json(pdns("/pdns/info", d4.adminToken(), Map.of()));
        assertEquals("d4-analyzer-passivedns", info.path("software").asText());
        assertTrue(info.path("version").asText().startsWith("0.1.0"), info.toString());
    }

    @Test
    @Order(2)
    void linesFromASensorBecomeCofRecordsInBothDirections() throws Exception {
        send(SENSOR, line(1700000100, "WWW.Both.example.", "A", "192.0.2.10", 3),
                line(1700000200, "www.both.example.", "A", "192.0.2.10", 2),
                line(1700000150, "www.both.example.", "AAAA", "2001:DB8:0:0::10", 1),
                line(1700000300, "mail.both.example.", "A", "192.0.2.10", 1),
                line(1700000300, "www.both.example.", "TXT", "\"v=spf1 \\\"x\\\" \" \"-all\"", 1),
                line(1700000300, "www.both.example.", "TYPE65280", "\\# 1 ff", 1));
        send(OTHER_SENSOR, line(1700000400, "www.both.example.", "A", "192.0.2.10", 1));
        awaitRecords("/pdns/query/www.both.example", 4);
        // the first sensor's lines alone make the four records: wait for the other sensor's line too
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> countQuietly("/pdns/query/www.both.example?rrtype=A") == 6),
                "both sensors' lines committed");

        HttpResponse<String> byName = pdns("/pdns/query/www.both.example", d4.adminToken(), Map.of());
        assertEquals(200, byName.statusCode());
        assertEquals("application/x-ndjson", byName.headers().firstValue("Content-Type").orElse(""));
        List<JsonNode> records = ndjson(byName);
        JsonNode a = records.stream().filter(r -> r.path("rrtype").asText().equals("A")).findFirst().orElseThrow();
        assertEquals("www.both.example", a.path("rrname").asText());
        assertEquals("192.0.2.10", a.path("rdata").asText());
        assertEquals(1700000100, a.path("time_first").asLong());
        assertEquals(1700000400, a.path("time_last").asLong());
        assertEquals(6, a.path("count").asLong(), "the CSV counts added");
        assertEquals(SENSOR + "," + OTHER_SENSOR, a.path("sensor_id").asText());
        assertEquals(ORIGIN, a.path("origin").asText());
        assertTrue(records.stream().anyMatch(r -> r.path("rrtype").asText().equals("AAAA") && r.path("rdata").asText().equals("2001:db8::10")));
        assertTrue(records.stream().anyMatch(r -> r.path("rrtype").asText().equals("TXT") && r.path("rdata").asText().equals("v=spf1 \"x\" -all")),
                "TXT decoded: strings joined, escapes resolved");
        assertTrue(records.stream().anyMatch(r -> r.path("rrtype").isInt() && r.path("rrtype").asInt() == 65280), "a type without a name as its number");

        assertEquals(List.of("mail.both.example", "www.both.example"), names(ndjson(pdns("/pdns/query/192.0.2.10", d4.adminToken(), Map.of()))));
        assertEquals(List.of("www.both.example"), names(ndjson(pdns("/pdns/query/2001:db8::10", d4.adminToken(), Map.of()))));
        assertEquals(List.of("mail.both.example", "www.both.example", "www.both.example", "www.both.example", "www.both.example"),
                names(ndjson(pdns("/pdns/fquery/192.0.2.10", d4.adminToken(), Map.of()))), "fquery: every record of those names");
    }

    @Test
    @Order(3)
    void filtersWildcardsAndNetworks() throws Exception {
        send(SENSOR, line(1000, "f.filter.example", "A", "198.51.100.1", 1), line(2000, "f.filter.example", "A", "198.51.100.1", 1),
                line(1500, "f.filter.example", "A", "198.51.100.2", 1), line(3000, "f.filter.example", "MX", "mx.filter.example.", 1),
                line(3000, "a.b.filter.example", "A", "198.51.100.3", 1), line(3000, "filter.example", "A", "198.51.100.4", 1),
                line(3000, "www.filter.example", "CNAME", "f.filter.example.", 1), line(3000, "www.filter.test", "A", "198.51.101.1", 1),
                line(3000, "x.filter.example", "A", "198.51.99.255", 1));
        awaitRecords("/pdns/query/x.filter.example", 1);
        String t = d4.adminToken();
        assertEquals(List.of("198.51.100.1", "198.51.100.2"), rdata(ndjson(pdns("/pdns/query/f.filter.example?rrtype=A", t, Map.of()))));
        assertEquals(List.of("mx.filter.example"), rdata(ndjson(pdns("/pdns/query/f.filter.example", t, Map.of("dribble-filter-rrtype", "MX")))));
        assertEquals(List.of("198.51.100.2"), rdata(ndjson(pdns("/pdns/query/f.filter.example?time_first_after=1000&time_last_before=2000", t, Map.of()))));
        assertEquals(List.of("mx.filter.example"), rdata(ndjson(pdns("/pdns/query/f.filter.example?time_first_after="
                + URLEncoder.encode("1970-01-01T00:40:00Z", UTF_8), t, Map.of()))), "RFC 3339");
        assertEquals(Set.of("f.filter.example", "a.b.filter.example", "www.filter.example", "x.filter.example"),
                new HashSet<>(names(ndjson(pdns("/pdns/query/*.filter.example", t, Map.of())))), "left-hand wildcard");
        assertEquals(Set.of("www.filter.example", "www.filter.test"), new HashSet<>(names(ndjson(pdns("/pdns/query/www.filter.*", t, Map.of())))),
                "right-hand wildcard");
        assertEquals(List.of("f.filter.example", "f.filter.example", "a.b.filter.example", "filter.example"),
                names(ndjson(pdns("/pdns/query/198.51.100.0/24", t, Map.of()))), "a network, in address order");
        assertEquals(List.of("x.filter.example", "f.filter.example", "f.filter.example", "a.b.filter.example", "filter.example", "www.filter.test"),
                names(ndjson(pdns("/pdns/query/198.51.96.0/20", t, Map.of()))));
        assertEquals(List.of("www.filter.example"), names(ndjson(pdns("/pdns/fquery/f.filter.example", t, Map.of()))), "who points to it");
    }

    @Test
    @Order(4)
    void pagesWithTheHeadersPdnsClientsSendHaveNoDuplicatesAndNoGaps() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            lines.add(line(1700000000 + i, "h" + i + ".paged.example", "A", "203.0.113." + (i % 200), 1));
        }
        send(SENSOR, lines.toArray(String[]::new));
        awaitRecords("/pdns/query/*.paged.example", 250);
        List<String> all = names(ndjson(pdns("/pdns/query/*.paged.example", d4.adminToken(), Map.of())));
        assertEquals(250, all.size(), "unpaged: everything, streamed");

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> headers = new LinkedHashMap<>(Map.of("dribble-paginate-count", "40"));
            if (cursor != null) {
                headers.put("dribble-paginate-cursor", cursor);
            }
            HttpResponse<String> page = pdns("/pdns/query/*.paged.example", d4.adminToken(), headers);
            assertEquals(200, page.statusCode(), page.body());
            List<String> names = names(ndjson(page));
            assertTrue(names.size() <= 40);
            paged.addAll(names);
            cursor = page.headers().firstValue("x-dribble-cursor").orElse(null);
            if (cursor != null) {
                assertTrue(Long.parseLong(cursor) > 0, "a positive integer, as pypdns reads it");
                if (pages == 2) {
                    send(SENSOR, line(1700009999, "zz-late.paged.example", "A", "203.0.113.1", 1));   // arrives while paging
                    awaitRecords("/pdns/query/zz-late.paged.example", 1);
                }
            }
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(7, pages);
        assertEquals(251, paged.size());
        assertEquals(251, new HashSet<>(paged).size(), "no duplicates");
        assertTrue(paged.containsAll(all), "no gaps");

        // the same with our own parameters, by address range
        List<String> byNetwork = new ArrayList<>();
        String next = null;
        do {
            HttpResponse<String> page = pdns("/pdns/query/203.0.113.0/24?limit=33" + (next == null ? "" : "&cursor=" + next), d4.adminToken(), Map.of());
            byNetwork.addAll(names(ndjson(page)));
            next = page.headers().firstValue("x-dribble-cursor").orElse(null);
        } while (next != null);
        assertEquals(251, byNetwork.size());
        assertEquals(251, new HashSet<>(byNetwork).size());
    }

    @Test
    @Order(5)
    void exclusionsMalformedLinesAndExpiration() throws Exception {
        JsonNode before = json(pdns("/pdns/info", d4.adminToken(), Map.of()));
        long now = Instant.now().getEpochSecond();
        send(SENSOR, line(now, "printer.local.", "A", "192.168.1.7", 1), line(now, "ads.excluded.example.", "A", "192.0.2.99", 1),
                "this is not passivedns", "1700000000||a||b||IN||bad.example||A||not-an-address||1||1",
                line(now, "short.life.example", "SRV", "0 5 5060 sip.life.example.", 1), line(now, "short.life.example", "A", "192.0.2.50", 1));
        awaitRecords("/pdns/query/short.life.example", 2);
        JsonNode after = json(pdns("/pdns/info", d4.adminToken(), Map.of()));
        assertEquals(2, after.path("excluded").asLong() - before.path("excluded").asLong(), after.toString());
        assertEquals(2, after.path("malformed").asLong() - before.path("malformed").asLong(), after.toString());
        assertEquals(6, after.path("processed").asLong() - before.path("processed").asLong(), "every line received counts");
        assertTrue(after.path("sensors").path(SENSOR.toString()).asLong() > 0, after.toString());
        assertEquals(0, ndjson(pdns("/pdns/query/printer.local", d4.adminToken(), Map.of())).size());
        assertTrue(d4.readLog().contains("Malformed passivedns line from sensor " + SENSOR), "logged with a sample");
        // SRV records live 15 s here without being seen again
        assertTrue(Commands.eventually(Duration.ofSeconds(120), () -> rdataQuietly("/pdns/query/short.life.example").equals(List.of("192.0.2.50"))),
                "the SRV record expired, the A record stays");
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> {
            try {
                return json(pdns("/pdns/info", d4.adminToken(), Map.of())).path("expired").asLong() > before.path("expired").asLong();
            } catch (Exception e) {
                return false;
            }
        }), "and the sweeper removed it from the store");
    }

    @Test
    @Order(6)
    void authenticationWithTheApplianceUsers() throws Exception {
        String path = "/pdns/query/www.both.example";
        HttpResponse<String> anonymous = pdns(path, null, Map.of());
        assertEquals(401, anonymous.statusCode());
        assertEquals("error", json(anonymous).path("status").asText());
        // no Basic challenge: a browser would prompt for the appliance's credentials and then send them unasked
        assertEquals(List.of("Bearer realm=\"d4\""), anonymous.headers().allValues("WWW-Authenticate"));
        assertEquals(401, pdns(path, "not-a-token", Map.of()).statusCode());
        assertEquals(200, pdns(path, "Bearer " + d4.adminToken(), Map.of()).statusCode());
        assertEquals(200, pdns(path, "Basic " + Base64.getEncoder().encodeToString(d4.adminCredentials().getBytes(UTF_8)), Map.of()).statusCode());
        assertEquals(401, pdns(path, "Basic " + Base64.getEncoder().encodeToString("admin:wrong-password".getBytes(UTF_8)), Map.of()).statusCode());
        String reader = token("user");
        assertEquals(200, pdns(path, reader, Map.of()).statusCode());
        assertEquals(200, pdns("/pdns/info", reader, Map.of()).statusCode());
        HttpResponse<String> registrar = pdns(path, token("sensor-register"), Map.of());
        assertEquals(403, registrar.statusCode());
        assertTrue(json(registrar).path("reason").asText().contains("needs role user"));
        HttpResponse<String> userImport = upload(reader, "{}\n");
        assertEquals(403, userImport.statusCode(), "importing takes an administrator");
    }

    @Test
    @Order(7)
    void everyEndpointAnswersBadInputWithAJsonReason() throws Exception {
        String t = d4.adminToken();
        String[][] bad = {
            {"/pdns/query/", "empty query"},
            {"/pdns/query/a..b", "not a domain name"},
            {"/pdns/query/*.*", "wildcard"},
            {"/pdns/query/www.exa*.com", "wildcard"},
            {"/pdns/query/2001:db8::zz", "not an IPv6 address"},
            {"/pdns/query/192.0.2.0/33", "prefix length"},
            {"/pdns/query/example.com?rrtype=NOPE", "unknown rrtype"},
            {"/pdns/query/example.com?limit=0", "limit must be a positive whole number"},
            {"/pdns/query/example.com?limit=lots", "limit must be"},
            {"/pdns/query/example.com?cursor=42", "unknown or expired cursor"},
            {"/pdns/query/example.com?time_first_after=yesterday", "RFC 3339"},
            {"/pdns/query/example.com?colour=blue", "unknown parameter"},
            {"/pdns/query/" + "a".repeat(400), "longer than 300"},
            {"/pdns/fquery/192.0.2.0/24", "not a network"},
            {"/pdns/fquery/*.example.com", "without wildcards"},
        };
        for (String[] c : bad) {
            HttpResponse<String> r = pdns(c[0], t, Map.of());
            assertEquals(400, r.statusCode(), c[0] + ": " + r.body());
            JsonNode body = json(r);
            assertEquals("error", body.path("status").asText(), c[0]);
            assertTrue(body.path("reason").asText().contains(c[1]), c[0] + " -> " + r.body());
        }
        HttpResponse<String> header = pdns("/pdns/query/example.com", t, Map.of("dribble-paginate-count", "-1"));
        assertEquals(400, header.statusCode());
        assertEquals(400, pdns("/pdns/query/example.com", t, Map.of("dribble-filter-rrtype", "BOGUS")).statusCode());
        assertEquals(400, pdns("/pdns/query/example.com", t, Map.of("dribble-paginate-cursor", "x")).statusCode());
        HttpResponse<String> missing = pdns("/pdns/nothing", t, Map.of());
        assertEquals(404, missing.statusCode());
        assertEquals("error", json(missing).path("status").asText());
        HttpResponse<String> wrongMethod = send(HttpRequest.newBuilder(d4.uri("/pdns/info")).header("Authorization", t)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertEquals("error", json(wrongMethod).path("status").asText());
        assertEquals(405, send(HttpRequest.newBuilder(d4.uri("/pdns/import")).header("Authorization", t).GET().build()).statusCode());
        // a foreign cursor: the same number does not continue another query
        HttpResponse<String> first = pdns("/pdns/query/*.paged.example", t, Map.of("dribble-paginate-count", "5"));
        String cursor = first.headers().firstValue("x-dribble-cursor").orElseThrow();
        HttpResponse<String> foreign = pdns("/pdns/query/*.filter.example", t, Map.of("dribble-paginate-cursor", cursor));
        assertEquals(400, foreign.statusCode());
        assertTrue(json(foreign).path("reason").asText().contains("another query"));
        // uploads: bad lines are counted, an upload over the limit is refused
        HttpResponse<String> junk = upload(t, "not json\n{\"rrname\":\"x\"}\n");
        assertEquals(200, junk.statusCode());
        assertEquals(2, json(junk).path("malformed").asInt());
        assertEquals(0, json(junk).path("imported").asInt());
        HttpResponse<String> huge = upload(t, "x".repeat(1024 * 1024 + 10));
        assertEquals(413, huge.statusCode());
        assertEquals("error", json(huge).path("status").asText());
        // the same without a Content-Length (chunked): refused once the limit is passed, the answer still arrives
        byte[] endless = "{}\n".repeat(400_000).getBytes(UTF_8);
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(d4.uri("/pdns/import")).timeout(Duration.ofSeconds(120))
                .header("Authorization", t).header("Content-Type", "application/x-ndjson; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(endless))).build());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertTrue(json(chunked).path("reason").asText().contains("larger than 1048576 bytes"), chunked.body());
        // an import is NDJSON or JSON, declared: a form or text/plain is what another site's page sends unasked
        for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"}) {
            HttpResponse<String> form = send(HttpRequest.newBuilder(d4.uri("/pdns/import")).header("Authorization", t)
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("{\"rrname\":\"form.example\"}\n")).build());
            assertEquals(415, form.statusCode(), type);
            assertTrue(json(form).path("reason").asText().contains("application/x-ndjson"), form.body());
        }
        assertEquals(415, send(HttpRequest.newBuilder(d4.uri("/pdns/import")).header("Authorization", t)
                .POST(HttpRequest.BodyPublishers.ofString("{}\n")).build()).statusCode(), "no Content-Type");
        // from another site: refused before the credentials are even looked at
        for (String origin : new String[] {"https://evil.example", "null", "https://127.0.0.1:1"}) {
            HttpResponse<String> crossSite = send(HttpRequest.newBuilder(d4.uri("/pdns/import")).header("Authorization", t)
                    .header("Origin", origin).header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString("{}\n")).build());
            assertEquals(403, crossSite.statusCode(), origin);
            assertTrue(json(crossSite).path("reason").asText().contains("cross-site"), crossSite.body());
        }
        String own = "https://127.0.0.1:" + d4.uri("/").getPort();
        assertEquals(200, send(HttpRequest.newBuilder(d4.uri("/pdns/import")).header("Authorization", t).header("Origin", own)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString("{}\n")).build()).statusCode());
    }

    @Test
    @Order(8)
    void aCofDumpUploadedIsQueryable() throws Exception {
        String dump = """
                {"rrname":"imported.example","rrtype":"A","rdata":"192.0.2.200","time_first":1600000000,"time_last":1600000500,"count":12}
                {"rrname":"imported.example","rrtype":"NS","rdata":["ns1.imported.example.","ns2.imported.example."],"time_first":1600000000,"time_last":1600000000}
                """;
        HttpResponse<String> r = upload(d4.adminToken(), dump);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(2, json(r).path("imported").asInt());
        List<JsonNode> records = ndjson(pdns("/pdns/query/imported.example", d4.adminToken(), Map.of()));
        assertEquals(3, records.size());
        assertEquals(12, records.stream().filter(x -> x.path("rrtype").asText().equals("A")).findFirst().orElseThrow().path("count").asInt());
        assertEquals(List.of("imported.example"), names(ndjson(pdns("/pdns/query/192.0.2.200", d4.adminToken(), Map.of()))));
    }

    @Test
    @Order(9)
    void anonymousReadingWhenConfigured() throws Exception {
        assertEquals(401, pdns("/pdns/query/www.both.example", null, Map.of()).statusCode());
        writeConfig(config(true));
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> statusQuietly("/pdns/query/www.both.example", null) == 200),
                "applied without a restart");
        assertEquals(4, ndjson(pdns("/pdns/query/www.both.example", null, Map.of())).size());
        assertEquals(401, upload(null, "{}\n").statusCode(), "never anonymous imports");
        assertEquals(401, pdns("/pdns/query/www.both.example", "wrong-token", Map.of()).statusCode(), "wrong credentials stay wrong");
        writeConfig(config(false));
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> statusQuietly("/pdns/query/www.both.example", null) == 401));
        awaitRecords("/pdns/query/www.both.example", 4);
    }

    @Test
    @Order(10)
    void undeployedItKeepsItsQueueFillingAndRedeployedItCatchesUp() throws Exception {
        Path deployed = d4.home().resolve("deploy").resolve(analyzerJar.getFileName());
        Files.delete(deployed);
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> !analyzer().path("deployed").asBoolean(true)), "undeployed");
        // the analyzer service and the query servlet are two services of the bundle: they leave one after the other
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> statusQuietly("/pdns/info", PassiveDnsIT::adminToken) == 404), "the query server left with it");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(line(1700000000, "away" + i + ".redeploy.example", "A", "192.0.2." + (100 + i), 1));
        }
        send(SENSOR, lines.toArray(String[]::new));
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> analyzer().path("lag").asLong() == 30), "queued while away");
        deploy();
        awaitRecords("/pdns/query/*.redeploy.example", 30);
        assertEquals(0, analyzer().path("lag").asLong());
        assertEquals(4, ndjson(pdns("/pdns/query/www.both.example", d4.adminToken(), Map.of())).size(), "the store was kept");
    }

    @Test
    @Order(11)
    void aRestartKeepsEveryRecordAndCounter() throws Exception {
        JsonNode before = json(pdns("/pdns/info", d4.adminToken(), Map.of()));
        List<JsonNode> records = ndjson(pdns("/pdns/query/*.paged.example", d4.adminToken(), Map.of()));
        assertEquals(0, d4.d4("stop", Duration.ofSeconds(120)).exitCode());
        assertEquals(0, d4.d4("start", Duration.ofSeconds(180)).exitCode());
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> analyzer().path("deployed").asBoolean(false)), "deployed again from deploy/");
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> statusQuietly("/pdns/info", PassiveDnsIT::adminToken) == 200));
        JsonNode after = json(pdns("/pdns/info", d4.adminToken(), Map.of()));
        for (String counter : List.of("processed", "records", "malformed", "excluded", "imported")) {
            assertEquals(before.path(counter).asLong(), after.path(counter).asLong(), counter);
        }
        assertEquals(before.path("sensors"), after.path("sensors"));
        assertEquals(records, ndjson(pdns("/pdns/query/*.paged.example", d4.adminToken(), Map.of())));
        send(SENSOR, line(1700000000, "h1.paged.example", "A", "203.0.113.1", 5));
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> countQuietly("/pdns/query/h1.paged.example") == 6), "still counting");
    }

    @Test
    @Order(12)
    void theConsolePageSearches() throws Exception {
        HttpResponse<String> page = d4.get("/system/console/pdns?q=" + URLEncoder.encode("*.both.example", UTF_8) + "&rrtype=A", d4.adminCredentials());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Passive DNS"), "listed under its title");
        assertTrue(page.body().contains("<td>www.both.example</td><td>A</td><td>192.0.2.10</td>"), page.body());
        assertFalse(page.body().contains("<td>AAAA</td>"), "the type filter applies");
        HttpResponse<String> bad = d4.get("/system/console/pdns?q=" + URLEncoder.encode("<script>..x", UTF_8), d4.adminCredentials());
        assertEquals(200, bad.statusCode());
        assertFalse(bad.body().contains("<script>"), "escaped");
        assertTrue(bad.body().contains("not a domain name"), "the reason shown");
        assertEquals(401, d4.get("/system/console/pdns", null).statusCode());
    }

    @Test
    @Order(13)
    void gogoCommandsQueryCountAndImport() throws Exception {
        try (org.d4.itest.ForegroundAppliance shell = Appliance.fromImage(ServerImageIT.IMAGE).runInForeground()) {
            Appliance a = shell.appliance();
            assertEquals(200, a.api("PUT", "/server", "{\"mode\":\"shared-secret\",\"default_key\":\"" + KEY + "\"}").statusCode());
            Files.copy(analyzerJar, a.home().resolve("deploy/.pdns.tmp"));
            Files.move(a.home().resolve("deploy/.pdns.tmp"), a.home().resolve("deploy").resolve(analyzerJar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> statusQuietly(a, "/pdns/info") == 200), "analyzer up");
            Files.writeString(a.home().resolve("dump.json"),
                    "{\"rrname\":\"gogo.example\",\"rrtype\":\"MX\",\"rdata\":\"mx.gogo.example\",\"time_first\":5,\"time_last\":6}\nbroken\n");
            String imported = shell.shell("pdns:import dump.json", Duration.ofSeconds(60));
            assertTrue(imported.contains("imported 1 records from 2 lines"), imported);
            String records = shell.shell("pdns:query -t MX gogo.example", Duration.ofSeconds(60));
            assertTrue(records.contains("\"rdata\":\"mx.gogo.example\"") && records.contains("(1 records)"), records);
            String stats = shell.shell("pdns:stats", Duration.ofSeconds(60));
            assertTrue(stats.contains("records              1") && stats.contains("imported             1"), stats);
        }
    }

    /**
     * End to end, only with {@code -Dpdns.bench.lines=N}: N passivedns lines from 4 sensors over D4
     * into a fresh image (or one holding a copy of {@code -Dpdns.bench.store=<folder>}, a store
     * built by the JMH benchmarks), timed until the analyzer has counted them all; then query
     * latency over HTTPS (one kept-alive connection, as a client script would) by name and by
     * address. Prints the figures; asserts only that every line arrived.
     */
    @Test
    @Order(100)
    @Tag("benchmark")   // not part of the suite: run with -Dd4.itest.excludedGroups=none (see the analyzer's README)
    void benchmarkEndToEnd() throws Exception {
        long lines = Long.getLong("pdns.bench.lines", 0);
        org.junit.jupiter.api.Assumptions.assumeTrue(lines > 0, "set -Dpdns.bench.lines=N to run the end-to-end benchmark");
        String store = System.getProperty("pdns.bench.store", "");
        long records = store.isEmpty() ? 0 : Long.parseLong(Path.of(store).getFileName().toString());
        Map<String, String> config = new LinkedHashMap<>(Map.of("d4.analyzer.queue.max.size", Long.toString(lines + 1000)));
        try (Appliance bench = Appliance.fromImage(ServerImageIT.IMAGE).config("d4.analyzer.passivedns", config)
                .env("D4_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC").start()) {
            assertEquals(200, bench.api("PUT", "/server", "{\"mode\":\"shared-secret\",\"default_key\":\"" + KEY + "\"}").statusCode());
            if (!store.isEmpty()) {
                Path target = Files.createDirectories(bench.home().resolve("data/pdns"));
                try (Stream<Path> files = Files.list(Path.of(store))) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        if (!f.getFileName().toString().equals("complete")) {
                            Files.copy(f, target.resolve(f.getFileName()));
                        }
                    }
                }
            }
            Files.copy(analyzerJar, bench.home().resolve("deploy/.pdns.tmp"));
            Files.move(bench.home().resolve("deploy/.pdns.tmp"), bench.home().resolve("deploy").resolve(analyzerJar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            assertTrue(Commands.eventually(Duration.ofSeconds(120), () -> statusQuietly(bench, "/pdns/info") == 200), "analyzer up");
            long before = json(get(bench, "/pdns/info")).path("processed").asLong();

            // 95 % repeats (80 % of them among the hottest 1 %), 5 % new records, as in the JMH benchmark
            int sensors = 4;
            List<byte[]> streams = new ArrayList<>();
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            long known = Math.max(records, 100_000);
            long fresh = known;
            for (int s = 0; s < sensors; s++) {
                FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));
                UUID sensor = UUID.randomUUID();
                ByteArrayOutputStream frames = new ByteArrayOutputStream();
                StringBuilder chunk = new StringBuilder();
                for (long n = s; n < lines; n += sensors) {
                    long i = random.nextInt(100) < 5 ? fresh++ : random.nextInt(10) < 8 ? random.nextLong(known / 100) : random.nextLong(known);
                    chunk.append(benchLine(i)).append('\n');
                    if (chunk.length() > 60_000) {
                        frames.writeBytes(encoder.encode(8, sensor, Instant.now().getEpochSecond(), chunk.toString().getBytes(UTF_8)));
                        chunk.setLength(0);
                    }
                }
                frames.writeBytes(encoder.encode(8, sensor, Instant.now().getEpochSecond(), chunk.toString().getBytes(UTF_8)));
                streams.add(frames.toByteArray());
            }
            long start = System.nanoTime();
            List<Thread> senders = new ArrayList<>();
            for (byte[] frames : streams) {
                Thread t = new Thread(() -> {
                    try (TlsSensor s = bench.connectSensor()) {
                        s.send(frames);
                        s.stillOpenAfter(Duration.ofMillis(200));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                t.start();
                senders.add(t);
            }
            for (Thread t : senders) {
                t.join();
            }
            double sent = (System.nanoTime() - start) / 1e9;
            assertTrue(Commands.eventually(Duration.ofMinutes(30), () -> {
                try {
                    return json(get(bench, "/pdns/info")).path("processed").asLong() - before >= lines;
                } catch (Exception e) {
                    return false;
                }
            }), "every line ingested");
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pdns e2e: %,d lines from %d sensors into a store of %,d records: sent in %.1f s, ingested in %.1f s = %,.0f lines/s%n",
                    lines, sensors, records, sent, seconds, lines / seconds);

            for (String kind : List.of("name", "address")) {
                long[] micros = new long[2000];
                for (int n = -200; n < micros.length; n++) {      // the first 200 warm up
                    long i = random.nextLong(known);
                    while (kind.equals("address") && !benchLine(i).contains("||A||")) {
                        i = random.nextLong(known);
                    }
                    String q = kind.equals("name") ? benchLine(i).split("\\|\\|")[4] : benchLine(i).split("\\|\\|")[6];
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = get(bench, "/pdns/query/" + q);
                    long t1 = System.nanoTime();
                    assertEquals(200, r.statusCode(), r.body());
                    if (n >= 0) {
                        micros[n] = (t1 - t0) / 1000;
                    }
                }
                java.util.Arrays.sort(micros);
                System.out.printf("pdns e2e: query by %s over HTTPS: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d queries)%n", kind,
                        micros[micros.length / 2] / 1000.0, micros[micros.length * 99 / 100] / 1000.0, micros[micros.length - 1] / 1000.0, micros.length);
            }
        }
    }

    /** The line of record i of the JMH benchmarks' universe (BenchData in the analyzer's tests), as a sensor sends it. */
    static String benchLine(long i) {
        String[] subdomains = {"", "www.", "mail.", "api.", "cdn."};
        String[] tlds = {"com", "net", "org", "de", "lu", "fr", "io"};
        long domain = i / 5;
        String name = subdomains[(int) (i % 5)] + "d" + domain + ".example." + tlds[(int) (domain % tlds.length)];
        long h = mix(i);
        int k = (int) Long.remainderUnsigned(h, 20);
        String type = k < 14 ? "A" : k < 17 ? "AAAA" : k < 19 ? "CNAME" : "TXT";
        long g = mix(i + 1_000_003L);
        long a = mix(i / 4 * 4 + 77);
        String rdata = switch (type) {
            case "A" -> (1 + Long.remainderUnsigned(a >>> 40, 222)) + "." + (a >>> 32 & 255) + "." + (a >>> 24 & 255) + "." + (a >>> 16 & 255);
            case "AAAA" -> "2001:db8:" + Long.toHexString(g >>> 48) + "::" + Long.toHexString(g & 0xffff);
            case "CNAME" -> "edge" + Long.remainderUnsigned(g, 50_000) + ".cdn.example.net.";
            default -> "\"v=spf1 include:_spf" + Long.remainderUnsigned(g, 1000) + ".example.com ~all\"";
        };
        return "1700000000.000001||192.0.2.1||198.51.100.53||IN||" + name + ".||" + type + "||" + rdata + "||300||1";
    }

    private static long mix(long i) {
        long h = i * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ h >>> 29;
    }

    static HttpResponse<String> get(Appliance appliance, String path) throws Exception {
        return appliance.send(HttpRequest.newBuilder(appliance.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", appliance.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static int statusQuietly(Appliance appliance, String path) {
        try {
            return get(appliance, path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    // ---- helpers

    static String line(long time, String name, String type, String rdata, int count) {
        return time + ".517||192.0.2.200||198.51.100.53||IN||" + name + "||" + type + "||" + rdata + "||300||" + count;
    }

    static void deploy() throws Exception {
        Path target = d4.home().resolve("deploy").resolve(analyzerJar.getFileName());
        Path temp = d4.home().resolve("deploy/.pdns.tmp");
        Files.copy(analyzerJar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> analyzer().path("deployed").asBoolean(false)), "analyzer bound");
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> statusQuietly("/pdns/info", PassiveDnsIT::adminToken) == 200), "query server up");
    }

    static String adminToken() {
        try {
            return d4.adminToken();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void writeConfig(Map<String, String> config) throws IOException {
        StringBuilder text = new StringBuilder();
        config.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Path file = d4.home().resolve("etc/d4.analyzer.passivedns.cfg");
        Path temp = d4.home().resolve("etc/.pdns-cfg.tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Sends the lines over one sensor connection as type-8 frames, cut at awkward places. */
    static void send(UUID sensor, String... lines) throws Exception {
        byte[] data = (String.join("\n", lines) + "\n").getBytes(UTF_8);
        FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int at = 0; at < data.length; at += 97) {
            frames.writeBytes(encoder.encode(8, sensor, Instant.now().getEpochSecond(), java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + 97))));
        }
        try (TlsSensor s = d4.connectSensor()) {
            s.send(frames.toByteArray());
            assertTrue(s.stillOpenAfter(Duration.ofMillis(300)), "the sensor's frames were accepted");
        }
    }

    static void awaitRecords(String path, int n) throws Exception {
        assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> {
            try {
                return ndjson(pdns(path, d4.adminToken(), Map.of())).size() >= n;
            } catch (Exception e) {
                return false;
            }
        }), path + " has " + n + " records");
    }

    static HttpResponse<String> pdns(String path, String authorization, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(d4.uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    static HttpResponse<String> upload(String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(d4.uri("/pdns/import")).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return d4.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static int statusQuietly(String path, java.util.function.Supplier<String> token) {
        try {
            return pdns(path, token == null ? null : token.get(), Map.of()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static List<String> rdataQuietly(String path) {
        try {
            return rdata(ndjson(pdns(path, d4.adminToken(), Map.of())));
        } catch (Exception e) {
            return List.of();
        }
    }

    static long countQuietly(String path) {
        try {
            List<JsonNode> r = ndjson(pdns(path, d4.adminToken(), Map.of()));
            return r.isEmpty() ? -1 : r.get(0).path("count").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    static List<String> names(List<JsonNode> records) {
        return records.stream().map(r -> r.path("rrname").asText()).toList();
    }

    static List<String> rdata(List<JsonNode> records) {
        return records.stream().map(r -> r.path("rdata").asText()).toList();
    }

    static JsonNode analyzer() {
        try {
            return JSON.readTree(d4.api("GET", "/analyzers/passivedns", null).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String role) throws Exception {
        String name = "pdns-" + role.replace("-", "") + System.nanoTime();
        assertEquals(200, d4.api("POST", "/users", "{\"name\": \"" + name + "\", \"password\": \"Pdns-password-1\", \"roles\": [\"" + role + "\"]}").statusCode());
        return JSON.readTree(d4.api("POST", "/users/" + name + "/tokens", null).body()).path("token").asText();
    }
}
