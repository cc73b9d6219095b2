// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The REST API over real HTTPS: the reference registration contract and every kind of bad request. */
class RestApiIT {
    static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    static final Appliance d4 = ServerImageIT.started();

    @Test
    void referenceRegistrationContract() throws Exception {
        UUID uuid = UUID.randomUUID();
        HttpResponse<String> ok = d4.api("POST", "/add/sensor/register",
                "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"k\",\"description\":\"d\",\"mail\":\"m@example.org\"}");
        assertEquals(200, ok.statusCode());
        assertEquals(uuid.toString(), JSON.readTree(ok.body()).path("uuid").asText());
        assertError(409, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"k\"}"), "already registered");
        assertError(400, d4.api("POST", "/add/sensor/register", "{\"hmac_key\":\"k\"}"), "missing parameter: uuid");
        assertError(400, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + UUID.randomUUID() + "\"}"), "missing parameter: hmac_key");
        assertError(400, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"not-a-uuid\",\"hmac_key\":\"k\"}"), "invalid uuid");
        assertError(400, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"e0f5a4b2-1c3d-11ee-be56-0242ac120002\",\"hmac_key\":\"k\"}"), "a version-4 UUID is required");
        assertEquals("pending", JSON.readTree(d4.api("GET", "/sensors/" + uuid, null).body()).path("status").asText());
    }

    @Test
    void aSingleApplianceHasNoFeedsAndNoClusterStatistics() throws Exception {
        assertEquals("[]", d4.api("GET", "/feeds", null).body().strip(), "nothing fills its queues from outside");
        assertError(404, d4.api("GET", "/cluster/statistics", null), "not in a cluster");
        HttpResponse<String> anonymous = d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/feeds")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertError(401, anonymous, "authentication required");
    }

    @Test
    void authenticationIsRequiredAndChecked() throws Exception {
        for (String header : new String[] {null, "wrong-token", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes()), "Bearer "}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(d4.uri("/api/v1/sensors")).GET();
            if (header != null) {
                request.header("Authorization", header);
            }
            HttpResponse<String> response = d4.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertError(401, response, "authentication required");
            // a Basic challenge would make a browser prompt for the appliance's credentials and then send them on its own
            assertEquals(java.util.List.of("Bearer realm=\"d4\""), response.headers().allValues("WWW-Authenticate"), header);
        }
        HttpRequest basic = HttpRequest.newBuilder(d4.uri("/api/v1/sensors"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(d4.adminCredentials().getBytes())).GET().build();
        // HTTP basic works, but the generated admin password must be changed first (LoginSecurityIT changes it)
        assertError(403, d4.send(basic, HttpResponse.BodyHandlers.ofString()), "password change required");
        HttpRequest bearer = HttpRequest.newBuilder(d4.uri("/api/v1/sensors")).header("Authorization", "Bearer " + d4.adminToken()).GET().build();
        assertEquals(200, d4.send(bearer, HttpResponse.BodyHandlers.ofString()).statusCode(), "Bearer token works");
    }

    @Test
    void badRequestsGetClearErrors() throws Exception {
        assertError(400, d4.api("POST", "/add/sensor/register", "{not json"), "malformed JSON");
        assertError(400, d4.api("POST", "/add/sensor/register", "[1,2]"), "JSON object");
        assertError(404, d4.api("GET", "/sensors/" + UUID.randomUUID(), null), "no sensor");
        assertError(404, d4.api("POST", "/sensors/" + UUID.randomUUID() + "/approve", null), "no sensor");
        assertError(404, d4.api("GET", "/nothing/here", null), "no such resource");
        assertError(405, d4.api("PATCH", "/sensors", null), "not allowed");
        assertError(400, d4.api("POST", "/blacklist/ip/not.an.ip.address", null), "invalid IP address");
        assertError(400, d4.api("POST", "/blacklist/ip/example.org", null), "invalid IP address");
        assertError(404, d4.api("DELETE", "/blacklist/ip/192.0.2.99", null), "not blacklisted");
        assertError(400, d4.api("POST", "/types/0", null), "1 to 255");
        assertError(400, d4.api("POST", "/types/extended/has%20space", null), "extended type");
        assertError(400, d4.api("PUT", "/server", "{\"mode\":\"open\"}"), "unknown server mode");
        assertError(400, d4.api("PUT", "/sensors/" + UUID.randomUUID(), "{\"max_buffered_entries\":-1}"), "non-negative");
        assertError(413, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + "x".repeat(70_000) + "\"}"), "larger than");
    }

    @Test
    void operatorEndpointsRoundTrip() throws Exception {
        UUID uuid = UUID.randomUUID();
        d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"k\"}");
        assertEquals("approved", JSON.readTree(d4.api("POST", "/sensors/" + uuid + "/approve", null).body()).path("status").asText());
        JsonNode updated = JSON.readTree(d4.api("PUT", "/sensors/" + uuid, "{\"description\":\"new\",\"monitoring_interval_s\":60,\"hmac_key\":\"k2\"}").body());
        assertEquals("new", updated.path("description").asText());
        assertEquals(60, updated.path("monitoring_interval_s").asInt());
        assertTrue(!d4.api("GET", "/sensors", null).body().contains("k2"), "keys are never listed");
        assertEquals(200, d4.api("POST", "/blacklist/ip-by-uuid/" + uuid, null).statusCode());
        assertTrue(d4.api("GET", "/blacklist/ip-by-uuid", null).body().contains(uuid.toString()));
        assertEquals(200, d4.api("POST", "/types/5", null).statusCode());
        assertTrue(JSON.readTree(d4.api("GET", "/types", null).body()).toString().contains("5"));
        assertEquals(200, d4.api("DELETE", "/types/5", null).statusCode());
        JsonNode server = JSON.readTree(d4.api("PUT", "/server", "{\"mode\":\"shared-secret\",\"default_key\":\"shared\"}").body());
        assertEquals("shared-secret", server.path("mode").asText());
        assertEquals(true, server.path("default_key_set").asBoolean());
        assertEquals("registration", JSON.readTree(d4.api("PUT", "/server", "{\"mode\":\"registration\"}").body()).path("mode").asText());
        assertEquals("deleted", JSON.readTree(d4.api("DELETE", "/sensors/" + uuid, null).body()).path("status").asText());
    }

    @Test
    void rolesAreCheckedOnEveryEndpoint() throws Exception {
        assertEquals(200, d4.api("POST", "/users", "{\"name\":\"viewer\",\"password\":\"viewer-pass-1\",\"roles\":[\"user\"]}").statusCode());
        assertEquals(200, d4.api("POST", "/users", "{\"name\":\"registrar\",\"password\":\"registrar-pass-1\",\"roles\":[\"sensor-register\"]}").statusCode());
        String viewer = JSON.readTree(d4.api("POST", "/users/viewer/tokens", null).body()).path("token").asText();
        String registrar = JSON.readTree(d4.api("POST", "/users/registrar/tokens", null).body()).path("token").asText();
        UUID uuid = UUID.randomUUID();

        assertEquals(200, as(viewer, "GET", "/sensors", null).statusCode(), "a user reads");
        assertError(403, as(viewer, "POST", "/add/sensor/register", "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"k\"}"), "needs role sensor-register");
        assertError(403, as(viewer, "POST", "/blacklist/ip/192.0.2.1", null), "needs role admin");
        assertError(403, as(viewer, "GET", "/users", null), "needs role admin");
        assertEquals(200, as(registrar, "POST", "/add/sensor/register", "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"k\"}").statusCode(), "a registrar registers");
        assertError(403, as(registrar, "GET", "/sensors", null), "needs role user");
        assertError(403, as(registrar, "POST", "/sensors/" + uuid + "/approve", null), "needs role admin");

        JsonNode listed = JSON.readTree(d4.api("GET", "/users", null).body());
        assertTrue(listed.toString().contains("viewer") && !listed.toString().contains(viewer), "users listed without tokens");
        String tokenId = null;
        for (JsonNode u : listed) {
            if (u.path("name").asText().equals("viewer")) {
                tokenId = u.path("tokenIds").get(0).asText();
            }
        }
        assertEquals(200, d4.api("DELETE", "/users/viewer/tokens/" + tokenId, null).statusCode());
        assertEquals(401, as(viewer, "GET", "/sensors", null).statusCode(), "a revoked token stops working");
        assertError(409, d4.api("DELETE", "/users/admin", null), "last administrator");
        assertError(400, d4.api("POST", "/users", "{\"name\":\"shorty\",\"password\":\"short\",\"roles\":[\"user\"]}"), "at least 12 characters");
        assertError(400, d4.api("POST", "/users", "{\"name\":\"x\",\"password\":\"long-enough-1\",\"roles\":[\"root\"]}"), "unknown role");
        assertError(409, d4.api("POST", "/users", "{\"name\":\"registrar\",\"password\":\"long-enough-1\",\"roles\":[\"user\"]}"), "exists");
        assertEquals(200, d4.api("DELETE", "/users/registrar", null).statusCode());
        assertEquals(401, as(registrar, "GET", "/sensors", null).statusCode(), "a deleted user's token stops working");
    }

    @Test
    void crossSiteRequestsAreRefusedAndRecorded() throws Exception {
        String own = "https://127.0.0.1:" + d4.httpsPort();
        UUID uuid = UUID.randomUUID();
        String body = "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"k\"}";
        for (String[] headers : new String[][] {{"Origin", "https://evil.example"}, {"Origin", "null"}, {"Origin", own.replace("https:", "http:")},
                {"Origin", "https://127.0.0.1:" + (d4.httpsPort() + 1)}, {"Referer", "https://evil.example/page"}}) {
            HttpResponse<String> refused = d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/add/sensor/register")).header("Authorization", d4.adminToken())
                    .header("Content-Type", "application/json").header(headers[0], headers[1]).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(403, refused, "cross-site request refused");
        }
        for (String method : new String[] {"PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> refused = d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/sensors/" + uuid)).header("Authorization", d4.adminToken())
                    .header("Origin", "https://evil.example").method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertError(403, refused, "cross-site request refused");
        }
        // without credentials too: another site's page must not count failed logins against a user
        HttpResponse<String> anonymous = d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/sensors/" + uuid + "/approve"))
                .header("Origin", "https://evil.example").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertError(403, anonymous, "cross-site request refused");
        assertEquals(404, d4.api("GET", "/sensors/" + uuid, null).statusCode(), "nothing was registered");
        String audit = d4.api("GET", "/audit?limit=200", null).body();
        assertTrue(audit.contains("\"action\":\"request\",\"target\":\"POST /api/v1/add/sensor/register\",\"success\":false,"
                + "\"detail\":\"HTTP 403: cross-site request refused: Origin https://evil.example"), audit);
        // reads are not state-changing; the own origin (also by Referer) passes
        assertEquals(200, d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/sensors")).header("Authorization", d4.adminToken())
                .header("Origin", "https://evil.example").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/add/sensor/register")).header("Authorization", d4.adminToken())
                .header("Content-Type", "application/json").header("Origin", own).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/sensors/" + uuid + "/approve")).header("Authorization", d4.adminToken())
                .header("Referer", own + "/system/console/d4-sensors").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void aJsonBodyMustBeDeclaredJson() throws Exception {
        String body = "{\"uuid\":\"" + UUID.randomUUID() + "\",\"hmac_key\":\"k\"}";
        for (String type : new String[] {null, "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/jsonp"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(d4.uri("/api/v1/add/sensor/register")).header("Authorization", d4.adminToken())
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<String> refused = d4.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertError(415, refused, "Content-Type: application/json");
        }
        HttpResponse<String> withCharset = d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/add/sensor/register")).header("Authorization", d4.adminToken())
                .header("Content-Type", "Application/JSON; charset=UTF-8").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withCharset.statusCode(), withCharset.body());
        // bodyless POSTs need no content type
        String queue = JSON.readTree(d4.api("POST", "/queues", "{\"type\":3}").body()).path("uuid").asText();
        HttpResponse<String> empty = d4.send(HttpRequest.newBuilder(d4.uri("/api/v1/queues/" + queue + "/empty")).header("Authorization", d4.adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, empty.statusCode(), empty.body());
    }

    @Test
    void theReferenceClientsAndCurlWorkUnchanged() throws Exception {
        // the reference server's registration as Python requests.post(json=...) sends it, here with urllib
        UUID uuid = UUID.randomUUID();
        String python = """
                import json, ssl, sys, urllib.request
                context = ssl.create_default_context(cafile=sys.argv[3])
                context.check_hostname = False
                body = json.dumps({"uuid": sys.argv[2], "hmac_key": "python key", "description": "from python"}).encode()
                request = urllib.request.Request(sys.argv[1] + "/api/v1/add/sensor/register", data=body, method="POST",
                                                 headers={"Authorization": sys.argv[4], "Content-Type": "application/json"})
                with urllib.request.urlopen(request, context=context) as response:
                    print(response.status, json.load(response)["uuid"])
                """;
        java.nio.file.Path script = java.nio.file.Files.writeString(d4.home().resolve("register.py"), python);
        Commands.Result registered = Commands.run(d4.home(), java.util.Map.of(), Duration.ofSeconds(30), "python3", script.toString(),
                "https://127.0.0.1:" + d4.httpsPort(), uuid.toString(), d4.home().resolve("etc/tls/server.crt").toString(), d4.adminToken());
        assertEquals(0, registered.exitCode(), registered.output());
        assertEquals("200 " + uuid, registered.output().strip());
        assertEquals("pending", JSON.readTree(d4.api("GET", "/sensors/" + uuid, null).body()).path("status").asText());

        // curl as README.md shows it: -H 'Content-Type: application/json' -d, --json, bodyless -X POST, and -u (basic sent unasked)
        String api = "https://127.0.0.1:" + d4.httpsPort() + "/api/v1";
        String token = "Authorization: " + d4.adminToken();
        UUID second = UUID.randomUUID();
        assertEquals("200", curl("-H", token, "-H", "Content-Type: application/json", "-d", "{\"uuid\":\"" + second + "\",\"hmac_key\":\"k\"}",
                api + "/add/sensor/register"));
        assertEquals("200", curl("-H", token, "--json", "{\"type\": 8, \"description\": \"curl\", \"max_size\": 100}", api + "/queues"));
        assertEquals("200", curl("-H", token, "-X", "POST", api + "/sensors/" + second + "/approve"));
        assertEquals("415", curl("-H", token, "-d", "{\"uuid\":\"" + UUID.randomUUID() + "\",\"hmac_key\":\"k\"}", api + "/add/sensor/register"),
                "curl -d alone sends a form");
        assertEquals(200, d4.api("POST", "/users", "{\"name\":\"curler\",\"password\":\"Curler-pass-12\",\"roles\":[\"user\"]}").statusCode());
        assertEquals("200", curl("-u", "curler:Curler-pass-12", api + "/sensors"));
        assertEquals("401", curl("-u", "curler:wrong", api + "/sensors"));
    }

    private static String curl(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--cacert", d4.home().resolve("etc/tls/server.crt").toString()));
        command.addAll(java.util.List.of(args));
        Commands.Result result = Commands.run(d4.home(), java.util.Map.of(), Duration.ofSeconds(30), command.toArray(String[]::new));
        return result.output().strip();
    }

    private static HttpResponse<String> as(String token, String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(d4.uri("/api/v1" + path)).header("Authorization", token).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        return d4.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sensorPortFollowsAConfigurationChangeWithoutRestart() throws Exception {
        int newPort = org.d4.itest.Ports.free();
        java.nio.file.Files.writeString(d4.home().resolve("etc/d4.server.cfg"), "port = " + newPort + "\n");
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> listening(newPort)), "listening on the new port");
        assertTrue(Commands.eventually(Duration.ofSeconds(5), () -> !listening(d4.sensorPort())), "old port closed");
        java.nio.file.Files.writeString(d4.home().resolve("etc/d4.server.cfg"), "port = " + d4.sensorPort() + "\n");
        assertTrue(Commands.eventually(Duration.ofSeconds(15), () -> listening(d4.sensorPort())));
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void assertError(int status, HttpResponse<String> response, String reasonPart) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("error", body.path("status").asText(), response.body());
        assertTrue(body.path("reason").asText().contains(reasonPart), "reason '" + body.path("reason").asText() + "' contains '" + reasonPart + "'");
    }
}
