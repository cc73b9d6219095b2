// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.d4.itest.Appliance;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's logins, role checks and CSRF refusals over plain HTTPS, as a browser or a script would send them. */
class ConsoleSecurityIT {
    static final String ADMIN_PASSWORD = "Console-Admin-Pass-1";
    static final String VIEWER_PASSWORD = "Viewer-Pass-2024";
    @AutoClose
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_ADMIN_PASSWORD", ADMIN_PASSWORD).start();
        HttpResponse<String> created = d4.api("POST", "/users",
                "{\"name\":\"viewer\",\"password\":\"" + VIEWER_PASSWORD + "\",\"roles\":[\"user\"]}");
        assertEquals(200, created.statusCode(), created.body());
    }

    private static HttpResponse<String> send(String method, String path, String credentials, String origin, String form) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(d4.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (credentials != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (origin != null) {
            r.header("Origin", origin);
        }
        return d4.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean typeAccepted(int type) throws Exception {
        return d4.api("GET", "/types", null).body().matches("(?s).*\\b" + type + "\\b.*");
    }

    @Test
    void browsersAreSentToTheLoginFormAndScriptsGetABasicChallenge() throws Exception {
        HttpResponse<String> browser = d4.send(HttpRequest.newBuilder(d4.uri("/system/console/d4-sensors")).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, browser.statusCode());
        assertTrue(browser.headers().firstValue("Location").orElse("").contains("/system/console/d4-login?next="), browser.headers().toString());
        HttpResponse<String> script = d4.get("/system/console/d4-sensors", null);
        assertEquals(401, script.statusCode());
        assertTrue(script.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(200, d4.get("/system/console/d4-login", null).statusCode(), "the login form needs no login");
    }

    @Test
    void theLoginFormRefusesWrongPasswordsAndCrossSitePosts() throws Exception {
        HttpResponse<String> wrong = send("POST", "/system/console/d4-login", null, null, "name=admin&password=nope");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("Wrong user name or password"));
        HttpResponse<String> crossSite = send("POST", "/system/console/d4-login", null, "https://evil.example",
                "name=admin&password=" + ADMIN_PASSWORD);
        assertEquals(403, crossSite.statusCode());
        assertFalse(crossSite.headers().firstValue("Set-Cookie").isPresent(), "no session for a cross-site login");
        HttpResponse<String> login = send("POST", "/system/console/d4-login", null, null, "name=admin&password=" + ADMIN_PASSWORD);
        String cookie = login.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(cookie.contains("Secure") && cookie.contains("HttpOnly"), "the session cookie: " + cookie);
        ConsoleSession session = ConsoleSession.login(d4, "admin", ADMIN_PASSWORD);
        HttpResponse<String> page = session.get("/system/console/d4-dashboard");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("id='d4-user'>admin<"), "signed in as admin");
        assertEquals("/system/console/d4-dashboard", ConsoleSession.login(d4, "admin", ADMIN_PASSWORD)
                .postForm("/system/console/d4-login", Map.of("name", "admin", "password", ADMIN_PASSWORD, "next", "https://evil.example/x"), null)
                .headers().firstValue("Location").map(l -> l.replaceFirst("^https://[^/]+", "")).orElse(""), "no open redirect after login");
    }

    @Test
    void aUserSeesTheD4PagesButChangesNothing() throws Exception {
        String viewer = "viewer:" + VIEWER_PASSWORD;
        for (String page : new String[] {"d4-dashboard", "d4-sensors", "d4-server", "d4-queues", "d4-analyzers", "d4-users", "d4-health", "d4-alerts"}) {
            assertEquals(200, d4.get("/system/console/" + page, viewer).statusCode(), page);
        }
        assertFalse(d4.get("/system/console/d4-users", viewer).body().contains("id='d4-user-table'"), "no user list for a user");
        assertEquals(403, d4.get("/system/console/bundles", viewer).statusCode(), "Felix's own pages are for administrators");
        assertEquals(403, d4.get("/system/console/configMgr", viewer).statusCode());
        assertEquals(403, send("POST", "/system/console/d4-server", viewer, null, "action=type-add&type=7").statusCode());
        assertEquals(403, send("POST", "/system/console/d4-users", viewer, null, "action=create&name=x&roles=admin").statusCode());
        assertEquals(403, send("POST", "/system/console/bundles/0", viewer, null, "action=refreshPackages").statusCode());
        assertFalse(typeAccepted(7), "the refused change did not happen");

        ConsoleSession session = ConsoleSession.login(d4, "viewer", VIEWER_PASSWORD);
        String token = session.csrfToken("/system/console/d4-server");
        assertEquals(403, session.postForm("/system/console/d4-server", Map.of("csrf", token, "action", "type-add", "type", "7"),
                session.origin()).statusCode(), "a valid token does not make a user an administrator");
        assertFalse(typeAccepted(7));
        assertEquals(401, d4.get("/system/console/d4-users", "nobody:" + VIEWER_PASSWORD).statusCode(), "unknown users get nothing");
    }

    @Test
    void changesNeedTheSessionTokenAndTheConsoleOrigin() throws Exception {
        ConsoleSession session = ConsoleSession.login(d4, "admin", ADMIN_PASSWORD);
        String token = session.csrfToken("/system/console/d4-server");
        String path = "/system/console/d4-server";
        assertEquals(403, session.postForm(path, Map.of("action", "type-add", "type", "5"), session.origin()).statusCode(), "no token");
        assertEquals(403, session.postForm(path, Map.of("action", "type-add", "type", "5", "csrf", token + "x"), session.origin()).statusCode(),
                "wrong token");
        assertEquals(403, session.postForm(path, Map.of("action", "type-add", "type", "5", "csrf", token), "https://evil.example").statusCode(),
                "right token from another origin");
        assertEquals(403, session.postForm(path, Map.of("action", "type-add", "type", "5"), null).statusCode(), "a session without token nor origin");
        assertFalse(typeAccepted(5), "no refused request changed anything");
        assertEquals(403, session.postForm("/system/console/bundles/0", Map.of("action", "refreshPackages"), "https://evil.example").statusCode(),
                "Felix's own pages refuse other origins too");

        HttpResponse<String> ok = session.postForm(path, Map.of("action", "type-add", "type", "5", "csrf", token), session.origin());
        assertEquals(303, ok.statusCode(), ok.body());
        assertTrue(typeAccepted(5));
        assertTrue(session.get(path).body().contains("Type 5 accepted."), "the result is shown once on the next view");
        assertEquals(303, session.postForm(path, Map.of("action", "type-remove", "type", "5", "csrf", token), session.origin()).statusCode());
        assertFalse(typeAccepted(5));

        String admin = "admin:" + ADMIN_PASSWORD;
        assertEquals(403, send("POST", path, admin, "https://evil.example", "action=type-add&type=6").statusCode(),
                "cached basic credentials do not work cross-site");
        HttpResponse<String> script = send("POST", path, admin, null, "action=type-add&type=6");
        assertEquals(200, script.statusCode(), "a script with basic needs no token");
        assertEquals("Type 6 accepted.\n", script.body(), "and gets the result as text");
        assertTrue(typeAccepted(6));
        assertEquals(400, send("POST", path, admin, null, "action=type-add&type=999").statusCode(), "bad input from a script: 400");
        assertEquals(400, send("POST", "/system/console/d4-sensors", admin, null, "action=approve&uuid=not-a-uuid").statusCode());
        assertEquals(404, send("POST", "/system/console/d4-sensors", admin, null,
                "action=approve&uuid=" + java.util.UUID.randomUUID()).statusCode());
        assertEquals(405, send("PUT", path, admin, null, "action=type-add&type=6").statusCode());
    }

    @Test
    void peopleMustReplaceAGeneratedPasswordFirstScriptsNeedNot() throws Exception {
        HttpResponse<String> created = send("POST", "/system/console/d4-users", "admin:" + ADMIN_PASSWORD, null,
                "action=create&name=newbie&roles=user");
        assertEquals(200, created.statusCode(), created.body());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("generated password (\\S+) ").matcher(created.body());
        assertTrue(m.find(), created.body());
        String credentials = "newbie:" + m.group(1);
        HttpRequest page = HttpRequest.newBuilder(d4.uri("/system/console/d4-sensors")).header("Accept", "text/html")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).GET().build();
        HttpResponse<String> person = d4.send(page, HttpResponse.BodyHandlers.ofString());
        assertEquals(302, person.statusCode());
        assertTrue(person.headers().firstValue("Location").orElse("").endsWith("/system/console/d4-users"));
        assertEquals(200, d4.get("/system/console/d4-users", credentials).statusCode());
        assertEquals(200, d4.get("/system/console/d4-sensors", credentials).statusCode(), "a script is not held up");
        ConsoleSession session = ConsoleSession.login(d4, "newbie", m.group(1));
        assertEquals(302, session.get("/system/console/d4-queues").statusCode(), "nor is a form login let through");
        String token = session.csrfToken("/system/console/d4-users");
        assertEquals(403, session.postForm("/system/console/d4-server", Map.of("csrf", token, "action", "type-add", "type", "7"),
                session.origin()).statusCode());
        HttpResponse<String> changed = session.postForm("/system/console/d4-users", Map.of("csrf", token, "action", "password",
                "current", m.group(1), "password", "Newbie-Own-Pass-7", "repeat", "Newbie-Own-Pass-7"), session.origin());
        assertEquals(303, changed.statusCode());
        assertEquals(200, session.get("/system/console/d4-queues").statusCode(), "free to go once changed");
        assertEquals(401, d4.get("/system/console/d4-users", credentials).statusCode(), "the generated password is gone");
    }

    @Test
    void aDeletedOrDemotedUserLosesTheSessionAtOnce() throws Exception {
        assertEquals(200, d4.api("POST", "/users", "{\"name\":\"temp\",\"password\":\"Temp-Pass-2024\",\"roles\":[\"admin\"]}").statusCode());
        ConsoleSession session = ConsoleSession.login(d4, "temp", "Temp-Pass-2024");
        assertEquals(200, session.get("/system/console/bundles").statusCode());
        assertEquals(200, d4.api("PUT", "/users/temp", "{\"roles\":[\"user\"]}").statusCode());
        assertEquals(403, session.get("/system/console/bundles").statusCode(), "demoted: the same session is a user's now");
        assertEquals(200, d4.api("DELETE", "/users/temp", null).statusCode());
        assertEquals(302, session.get("/system/console/d4-dashboard").statusCode(), "deleted: back to the login form");
    }

    @Test
    void loggingOutEndsTheSession() throws Exception {
        ConsoleSession session = ConsoleSession.login(d4, "admin", ADMIN_PASSWORD);
        String token = session.csrfToken("/system/console/d4-dashboard");
        assertEquals(403, session.postForm("/system/console/d4-logout", Map.of(), session.origin()).statusCode(), "logout needs the token too");
        assertEquals(302, session.postForm("/system/console/d4-logout", Map.of("csrf", token), session.origin()).statusCode());
        assertEquals(302, session.get("/system/console/d4-dashboard").statusCode(), "back to the login form");

        ConsoleSession viewer = ConsoleSession.login(d4, "viewer", VIEWER_PASSWORD);
        assertEquals(200, viewer.get("/system/console/d4-dashboard").statusCode());
        HttpResponse<String> felixLogout = viewer.get("/system/console/logout");
        assertTrue(felixLogout.statusCode() < 400, "the console's own logout link works for a user too: " + felixLogout.statusCode());
        assertEquals(302, viewer.get("/system/console/d4-dashboard").statusCode(), "and ends the session");
    }
}
