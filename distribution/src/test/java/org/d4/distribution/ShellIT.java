// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.ForegroundAppliance;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The d4 commands on the Gogo console of {@code bin/d4 run}, typed as an operator would. */
class ShellIT {
    static final Duration T = Duration.ofSeconds(20);
    static ForegroundAppliance d4;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_CONSOLE_LOG", "off").runInForeground();
    }

    @AfterAll
    static void stop() throws Exception {
        if (d4 != null) {
            d4.close();
        }
    }

    @Test
    void serverPolicyFromTheShell() throws Exception {
        assertTrue(d4.shell("mode registration", T).contains("mode registration"));
        assertTrue(d4.shell("mode", T).contains("mode registration"));
        assertTrue(d4.shell("mode shared-secret shell-key", T).contains("mode shared-secret (default key set)"));
        assertTrue(d4.shell("blacklist ip add 198.51.100.9", T).contains("blacklisted 198.51.100.9"));
        assertTrue(d4.shell("blacklist ip list", T).contains("198.51.100.9"));
        assertTrue(d4.shell("blacklist ip remove 198.51.100.9", T).contains("removed 198.51.100.9"));
        assertTrue(d4.shell("types add maltrail", T).contains("accepted maltrail"));
        String types = d4.shell("types", T);
        assertTrue(types.contains("maltrail") && types.contains("extended type (254)"), types);
        assertTrue(types.lines().anyMatch(l -> l.matches("8\\s+type")), types);

        UUID pending = UUID.randomUUID();
        assertEquals(200, d4.appliance().api("POST", "/add/sensor/register", "{\"uuid\":\"" + pending + "\",\"hmac_key\":\"k\",\"description\":\"roof\"}").statusCode());
        assertTrue(d4.shell("pending", T).contains(pending.toString()));
        assertTrue(d4.shell("approve " + pending, T).contains("approved " + pending));
        String sensors = d4.shell("sensors", T);
        assertTrue(sensors.contains("UUID") && sensors.contains(pending + "  approved"), sensors);
        assertTrue(d4.shell("sensor " + pending, T).contains("roof"));
        assertTrue(d4.shell("kick " + pending, T).contains("kicked " + pending + " until"));
        assertTrue(d4.shell("delete " + pending, T).contains("deleted " + pending));
    }

    @Test
    void queuesAndAnalyzersFromTheShell() throws Exception {
        d4.shell("mode shared-secret shell-key", T);
        String created = d4.shell("queue-create -m 50 -d 'from the shell' 8", T);
        Matcher m = Pattern.compile("created ([0-9a-f-]{36}) \\(analyzer:8:").matcher(created);
        assertTrue(m.find(), created);
        String queue = m.group(1);
        assertTrue(d4.shell("queues", T).contains(queue));
        assertTrue(d4.shell("queue-edit -m 60 " + queue, T).contains("max 60"));

        UUID sensor = UUID.randomUUID();
        try (TlsSensor s = d4.appliance().connectSensor()) {
            s.send(new FrameEncoder("shell-key".getBytes(UTF_8)).encode(8, sensor, Instant.now().getEpochSecond(),
                    "1700000000||192.0.2.1||198.51.100.1||IN||shell.example.||A||192.0.2.7||60||1\n".getBytes(UTF_8)));
            assertTrue(s.stillOpenAfter(Duration.ofMillis(300)));
        }
        assertTrue(Commands.eventually(T, () -> sample(queue).contains("shell.example.")), "the line is queued");
        assertTrue(sample(queue).contains(sensor.toString()));
        assertTrue(d4.shell("queue-empty " + queue, T).contains("removed 1 items"));
        assertTrue(d4.shell("analyzers", T).contains("NAME"));
        assertTrue(d4.shell("stats", T).contains("frames on "));
        assertTrue(d4.shell("queue-delete " + queue, T).contains("deleted " + queue));
        assertFalse(d4.shell("queues", T).contains(queue));
    }

    @Test
    void usersAndTokensFromTheShell() throws Exception {
        assertTrue(d4.shell("user-add carol Carol-password-1 user", T).contains("created user carol"));
        assertTrue(d4.shell("users", T).lines().anyMatch(l -> l.startsWith("carol") && l.contains("user")));
        String token = d4.shell("token carol create", T);
        assertTrue(token.contains("token for carol (shown once): "), token);
        assertTrue(d4.shell("user-del carol", T).contains("deleted user carol"));
    }

    @Test
    void mistakesAreOneClearLineAndEveryCommandHasHelp() throws Exception {
        for (String[] bad : new String[][] {
                {"sensor nope", "invalid UUID: nope"},
                {"approve " + UUID.randomUUID(), "no sensor "},
                {"blacklist host add x", "blacklist what: uuid or ip"},
                {"blacklist ip add example.com", "invalid IP address: example.com"},
                {"queue-create 0", "invalid queue type '0'"},
                {"queue-create -m 0 8", "max size must be 1"},
                {"queue-sample " + UUID.randomUUID(), "no such queue"},
                {"deadletters nobody", "no such analyzer: nobody"},
                {"mode sometimes", "sometimes"},
                {"stats -d yesterday", "invalid day"},
                {"user-add dave short user", "password"},
                {"token nobody revoke abc", "nobody"}}) {
            String out = d4.shell(bad[0], T);
            assertTrue(out.contains(bad[1]), bad[0] + " -> " + out);
            assertFalse(out.contains("\tat "), "no stack trace: " + out);
        }
        String help = d4.shell("help queuecreate", T);
        assertTrue(help.contains("create an analyzer queue") && help.contains("--max-size") && help.contains("its maximum length"), help);
        assertTrue(d4.shell("help blacklist", T).contains("list, add or remove"));
    }

    @Test
    void consoleCommandsAreAudited() throws Exception {
        d4.shell("user-add erin Erin-password-12 user", T);
        String audit = d4.shell("audit -n 100", T);
        assertTrue(audit.lines().anyMatch(l -> l.contains(" shell ") && l.contains("shell.command") && l.contains("user-add erin ***")), audit);
        assertFalse(audit.contains("Erin-password-12"), "no password in the log");
    }

    static String sample(String queue) {
        try {
            return d4.shell("queue-sample -n 5 " + queue, T);
        } catch (Exception e) {
            return "";
        }
    }
}
