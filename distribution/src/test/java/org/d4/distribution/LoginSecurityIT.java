// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Logins on the image over REST with HTTP basic: the forced change of the generated admin
 * password, the password policy, lockout per user and per address (3 and 8 failures, 4 s, set in
 * etc/d4.auth.cfg as an operator would), and the audit log of all of it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginSecurityIT {
    static final Duration T = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "Chosen-admin-pass-1";
    @AutoClose
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).config("d4.auth", Map.of("lockout.user.failures", "3", "lockout.address.failures", "8",
                "lockout.duration.s", "4", "lockout.window.s", "60")).start();
    }

    static HttpResponse<String> basic(String method, String path, String credentials, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(d4.uri("/api/v1" + path)).timeout(T)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        return d4.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static void assertError(int status, HttpResponse<String> response, String reasonPart) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        String reason = JSON.readTree(response.body()).path("reason").asText();
        assertTrue(reason.contains(reasonPart), "reason '" + reason + "' contains '" + reasonPart + "'");
    }

    @Test
    @Order(1)
    void theGeneratedAdminPasswordMustBeChangedBeforeAnythingElse() throws Exception {
        String generated = "admin:" + d4.initialAdminPassword();
        assertError(403, basic("GET", "/sensors", generated, null), "password change required");
        assertError(403, basic("POST", "/users", generated, "{\"name\":\"x\",\"password\":\"Xx-password-123\",\"roles\":[\"user\"]}"),
                "password change required");
        JsonNode me = JSON.readTree(basic("GET", "/me", generated, null).body());
        assertTrue(me.path("password_change_required").asBoolean(), me.toString());
        assertError(400, basic("PUT", "/me/password", generated, "{\"current_password\":\"wrong\",\"new_password\":\"" + ADMIN_PASSWORD + "\"}"),
                "the current password is wrong");
        assertError(400, basic("PUT", "/me/password", generated, "{\"current_password\":\"" + d4.initialAdminPassword() + "\",\"new_password\":\"short\"}"),
                "does not meet the policy");
        assertError(400, basic("PUT", "/me/password", generated, "{\"current_password\":\"" + d4.initialAdminPassword() + "\"}"), "new_password");
        HttpResponse<String> changed = basic("PUT", "/me/password", generated,
                "{\"current_password\":\"" + d4.initialAdminPassword() + "\",\"new_password\":\"" + ADMIN_PASSWORD + "\"}");
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals(200, basic("GET", "/sensors", "admin:" + ADMIN_PASSWORD, null).statusCode());
        assertError(401, basic("GET", "/sensors", generated, null), "authentication required");
        JsonNode after = JSON.readTree(basic("GET", "/me", "admin:" + ADMIN_PASSWORD, null).body());
        assertTrue(!after.path("password_change_required").asBoolean(), after.toString());
    }

    @Test
    @Order(2)
    void passwordsThatBreakThePolicyAreRefused() throws Exception {
        assertError(400, d4.api("POST", "/users", "{\"name\":\"weak\",\"password\":\"Sh0rt-pw\",\"roles\":[\"user\"]}"), "at least 12 characters");
        assertError(400, d4.api("POST", "/users", "{\"name\":\"weak\",\"password\":\"onlylowercaseletters\",\"roles\":[\"user\"]}"),
                "at least 3 of: lower case, upper case, digits, other");
        assertError(400, d4.api("POST", "/users", "{\"name\":\"Weak-Name-123\",\"password\":\"Weak-Name-123\",\"roles\":[\"user\"]}"), "not the user name");
        assertEquals(200, d4.api("POST", "/users", "{\"name\":\"lock\",\"password\":\"Lock-pass-word-1\",\"roles\":[\"user\"]}").statusCode());
        assertError(400, d4.api("PUT", "/users/lock", "{\"password\":\"weakweakweakweak\"}"), "does not meet the policy");
        assertError(400, basic("PUT", "/me/password", "lock:Lock-pass-word-1", "{\"current_password\":\"Lock-pass-word-1\",\"new_password\":\"Lock-pass-word-1\"}"),
                "must differ");
    }

    @Test
    @Order(3)
    void repeatedFailuresLockTheUserOutForAWhile() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertError(401, basic("GET", "/sensors", "lock:wrong-" + i, null), "authentication required");
        }
        assertError(401, basic("GET", "/sensors", "lock:Lock-pass-word-1", null), "authentication required");
        assertTrue(d4.readLog().contains("Locked out user 'lock' for 4 s after 3 failed logins"), "the lockout is logged");
        assertEquals(200, basic("GET", "/sensors", "admin:" + ADMIN_PASSWORD, null).statusCode(), "other users are not locked out");
        assertTrue(Commands.eventually(T, () -> status("lock:Lock-pass-word-1") == 200), "the lockout ends");
    }

    @Test
    @Order(4)
    void restActionsAndLoginsAreAudited() throws Exception {
        assertEquals(200, d4.api("POST", "/blacklist/ip/198.51.100.77", null).statusCode());
        assertEquals(400, d4.api("POST", "/blacklist/ip/not-an-ip", null).statusCode());
        String audit = d4.api("GET", "/audit?limit=500", null).body();
        assertTrue(audit.contains("\"actor\":\"admin\",\"channel\":\"rest\",\"remote\":\"127.0.0.1\",\"action\":\"blacklist.ip.create\",\"target\":\"198.51.100.77\",\"success\":true"), audit);
        assertTrue(audit.contains("\"action\":\"blacklist.ip.create\",\"target\":\"not-an-ip\",\"success\":false,\"detail\":\"HTTP 400: invalid IP address: not-an-ip\""), audit);
        assertTrue(audit.contains("\"actor\":\"admin\",\"channel\":\"rest\",\"remote\":\"127.0.0.1\",\"action\":\"me.password.update\",\"target\":\"\",\"success\":true"), audit);
        assertTrue(audit.contains("\"actor\":\"admin\",\"channel\":\"rest\",\"remote\":\"127.0.0.1\",\"action\":\"users.create\",\"target\":\"lock\",\"success\":true"), audit);
        assertTrue(audit.contains("\"actor\":\"lock\",\"channel\":\"rest\",\"remote\":\"127.0.0.1\",\"action\":\"login\",\"target\":\"lock\",\"success\":false"), audit);
        assertTrue(audit.contains("\"actor\":\"lock\",\"channel\":\"rest\",\"remote\":\"127.0.0.1\",\"action\":\"login\",\"target\":\"lock\",\"success\":true,\"detail\":\"password\""), audit);
        assertTrue(audit.contains("\"action\":\"login\",\"target\":\"admin\",\"success\":true,\"detail\":\"api token\""), audit);
        assertTrue(!audit.contains(ADMIN_PASSWORD) && !audit.contains("Lock-pass-word-1"), "no password in the log");
        JsonNode page = JSON.readTree(d4.api("GET", "/audit?limit=2", null).body());
        assertEquals(2, page.size());
        long before = page.get(1).path("sequence").asLong();
        JsonNode older = JSON.readTree(d4.api("GET", "/audit?limit=1&before=" + before, null).body());
        assertEquals(before - 1, older.get(0).path("sequence").asLong(), "pages go back from 'before'");
        assertError(400, d4.api("GET", "/audit?limit=0", null), "limit must be 1 to 1000");
        assertError(400, d4.api("GET", "/audit?before=x", null), "before must be a number");
        assertError(403, basic("GET", "/audit", "lock:Lock-pass-word-1", null), "needs role admin");
    }

    @Test
    @Order(5)
    void repeatedFailuresFromOneAddressLockThatAddressOut() throws Exception {
        for (int i = 0; i < 8; i++) {
            assertEquals(401, status("guess" + i + ":Guess-pass-word-1"));
        }
        assertEquals(401, status("admin:" + ADMIN_PASSWORD), "even the right password, from this address");
        assertEquals(200, d4.api("GET", "/sensors", null).statusCode(), "API tokens are no passwords: they still work");
        assertTrue(d4.readLog().contains("Locked out address '127.0.0.1' for 4 s after 8 failed logins"), d4.readLog());
        assertTrue(Commands.eventually(T, () -> status("admin:" + ADMIN_PASSWORD) == 200), "the lockout ends");
    }

    static int status(String credentials) {
        try {
            return basic("GET", "/sensors", credentials, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
