// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's audit trail on the real image: without an audit log the users page says so; once
 * an {@code AuditLog} service comes (the in-memory test log dropped into deploy/), every console
 * change, refusal and login is recorded on channel console and listed newest first, 50 a page;
 * when it goes, the console carries on without it (or with the appliance's own log, once that ships).
 */
class ConsoleAuditIT {
    static final String PASSWORD = "Audit-Admin-Pass-1";
    static final Path AUDIT_LOG = Path.of(System.getProperty("d4.test.audit.log", "test-audit-log/target/d4-test-audit-log.jar"));
    static final Pattern ROW = Pattern.compile("<tr><td><time[^>]*>[^<]*</time></td><td>([^<]*)</td><td>([^<]*)</td><td>[^<]*</td><td><code>([^<]*)</code></td>"
            + "<td>([^<]*)</td><td><span class='d4-badge d4-(ok|off)'>");
    @AutoClose
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_ADMIN_PASSWORD", PASSWORD).start();
    }

    static HttpResponse<String> post(String path, String form) throws Exception {
        return d4.send(HttpRequest.newBuilder(d4.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String usersPage(String query) throws Exception {
        return d4.get("/system/console/d4-users" + query, "admin:" + PASSWORD).body();
    }

    static boolean usersPageSoonContains(String text) throws InterruptedException {
        return Commands.eventually(Duration.ofSeconds(30), () -> {
            try {
                return usersPage("").contains(text);
            } catch (Exception e) {
                return false;
            }
        });
    }

    static int rows(String page) {
        Matcher m = ROW.matcher(page);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void consoleChangesAreAuditedWhileALogIsDeployed() throws Exception {
        // the appliance's own audit log, once it ships, is there from the start; the test log outranks it
        boolean ownLog = !usersPage("").contains("No audit log is deployed");
        String marker = "<code>server.type-add</code></td><td>5</td>";
        if (ownLog) {
            // recorded in the appliance's own log only: once the page stops showing it, the test log is the one bound
            assertEquals(200, post("/system/console/d4-server", "action=type-add&type=5").statusCode());
            assertTrue(usersPageSoonContains(marker), "the appliance's own log records the console");
        }
        Path deployed = d4.home().resolve("deploy/d4-test-audit-log.jar");
        Path temp = d4.home().resolve("deploy/.audit-log.tmp");
        Files.copy(AUDIT_LOG, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, deployed, StandardCopyOption.ATOMIC_MOVE);
        assertTrue(usersPageSoonContains("id='d4-audit-table'"), "the console binds the audit log when it comes");
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> {
            try {
                return !usersPage("").contains(marker);
            } catch (Exception e) {
                return false;
            }
        }), "the console turns to the higher-ranked test log when it comes");

        assertEquals(200, post("/system/console/d4-server", "action=type-add&type=7").statusCode());
        assertEquals(400, post("/system/console/d4-server", "action=type-add&type=999").statusCode());
        assertEquals(200, post("/system/console/d4-server", "action=type-add&type=6").statusCode());
        HttpResponse<String> forged = d4.send(HttpRequest.newBuilder(d4.uri("/system/console/d4-server")).header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("action=type-remove&type=7")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode());
        String page = usersPage("");
        Matcher newest = ROW.matcher(page);
        assertTrue(newest.find(), page);
        assertEquals("console.csrf", newest.group(3), "newest first: the forged request");
        assertEquals("off", newest.group(5));
        assertTrue(newest.find());
        assertEquals("server.type-add", newest.group(3));
        assertEquals("6", newest.group(4));
        assertTrue(newest.find());
        assertEquals("server.type-add", newest.group(3), "the refused one");
        assertEquals("", newest.group(4));
        assertEquals("off", newest.group(5));
        assertTrue(newest.find());
        assertEquals("admin", newest.group(1));
        assertEquals("console", newest.group(2));
        assertEquals("7", newest.group(4));
        assertEquals("ok", newest.group(5));

        for (int i = 0; i < 60; i++) {
            assertEquals(200, post("/system/console/d4-server", "action=" + (i % 2 == 0 ? "type-remove" : "type-add") + "&type=7").statusCode());
        }
        String first = usersPage("");
        assertEquals(50, rows(first), "50 a page");
        Matcher older = Pattern.compile("href='d4-users\\?before=(\\d+)#d4-audit'").matcher(first);
        assertTrue(older.find(), "a link to older entries");
        String second = usersPage("?before=" + older.group(1));
        assertEquals(14, rows(second), "64 entries in all: 50, then the 14 older ones");
        assertTrue(second.contains("<code>server.type-add</code></td><td>7</td>"), "the oldest change is on the second page");

        Files.delete(deployed);
        if (ownLog) {
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> {
                try {
                    post("/system/console/d4-server", "action=type-remove&type=6");
                    return usersPage("").contains("<code>server.type-remove</code></td><td>6</td>");
                } catch (Exception e) {
                    return false;
                }
            }), "the console goes back to the appliance's own log and records there");
        } else {
            assertTrue(usersPageSoonContains("No audit log is deployed"), "the console carries on without it");
            assertEquals(200, post("/system/console/d4-server", "action=type-remove&type=6").statusCode());
            assertFalse(usersPage("").contains("id='d4-audit-table'"));
        }
    }
}
