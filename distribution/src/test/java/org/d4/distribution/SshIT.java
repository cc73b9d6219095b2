// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The remote shell of the image, driven from outside: the system's OpenSSH client with an Ed25519
 * key (one-shot, interactive, host key pinned in a known_hosts file) and the SSHD client library
 * (passwords, refusals, every d4 command and its bad-input error).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshIT {
    static final Duration T = Duration.ofSeconds(30);
    static final String ADMIN_PASSWORD = "Ssh-admin-pass-1";
    static Appliance d4;
    static Path keys;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_ADMIN_PASSWORD", ADMIN_PASSWORD).start();
        keys = Files.createTempDirectory("d4-ssh-keys-");
        Commands.Result keygen = Commands.run(keys, Map.of(), T, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ops@test", "-f", keys.resolve("id").toString());
        assertEquals(0, keygen.exitCode(), keygen.output());
        String publicKey = Files.readString(keys.resolve("id.pub")).strip();
        var added = d4.api("POST", "/users/admin/keys", "{\"key\":\"" + publicKey + "\"}");
        assertEquals(200, added.statusCode(), added.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (d4 != null) {
            d4.close();
        }
        if (keys != null) {
            try (var files = Files.walk(keys)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** {@code ssh -p <port> admin@127.0.0.1 <command>} with the test key, pinning the host key on first use. */
    static Commands.Result ssh(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new",
                "-o", "UserKnownHostsFile=" + keys.resolve("known_hosts"), "-o", "IdentitiesOnly=yes", "-i", keys.resolve("id").toString(),
                "-p", Integer.toString(d4.sshPort()), "admin@127.0.0.1"));
        args.addAll(List.of(command));
        return Commands.run(keys, Map.of(), T, args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void oneCommandWithTheSystemSshClientAndAKey() throws Exception {
        Commands.Result sensors = ssh("d4:sensors");
        assertEquals(0, sensors.exitCode(), sensors.output());
        assertTrue(sensors.output().contains("UUID") && sensors.output().contains("LAST SEEN"), sensors.output());
        Commands.Result bad = ssh("d4:sensor", "nope");
        assertEquals(1, bad.exitCode(), bad.output());
        assertTrue(bad.output().contains("invalid UUID: nope"), bad.output());
        assertTrue(Files.readString(keys.resolve("known_hosts")).contains("ecdsa-sha2-nistp256"), "the host key was pinned");
    }

    @Test
    @Order(2)
    void interactiveSessionOnAPseudoTerminal() throws Exception {
        List<String> args = List.of("ssh", "-tt", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new",
                "-o", "UserKnownHostsFile=" + keys.resolve("known_hosts"), "-o", "IdentitiesOnly=yes", "-i", keys.resolve("id").toString(),
                "-p", Integer.toString(d4.sshPort()), "admin@127.0.0.1");
        Process ssh = new ProcessBuilder(args).redirectErrorStream(true).start();
        StringBuffer screen = new StringBuffer();
        Thread reader = new Thread(() -> copy(ssh.getInputStream(), screen));
        reader.setDaemon(true);
        reader.start();
        try (OutputStream keyboard = ssh.getOutputStream()) {
            assertTrue(Commands.eventually(T, () -> screen.toString().contains("d4> ")), "prompt: " + screen);
            keyboard.write("types\r".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            assertTrue(Commands.eventually(T, () -> screen.toString().contains("extended type (254)")), "the command's table: " + screen);
            keyboard.write("queue-create -m 7 -d typed 8\r".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            assertTrue(Commands.eventually(T, () -> screen.toString().contains("created ")), "a dashed command from the profile: " + screen);
            keyboard.write("exit 0\r".getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }
        assertTrue(ssh.waitFor(T.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "exit ends the session");
        assertEquals(0, d4.d4("status", T).exitCode(), "and not the appliance");
    }

    @Test
    @Order(3)
    void passwordLoginsAndRefusals() throws Exception {
        try (SshShell admin = SshShell.withPassword(d4.sshPort(), "admin", ADMIN_PASSWORD)) {
            SshShell.Result users = admin.run("d4:users");
            assertEquals(0, users.exitStatus(), users.all());
            assertTrue(users.out().contains("admin"), users.out());
            assertTrue(admin.run("user-add viewer Viewer-pass-word-1 user").out().contains("created user viewer"));
        }
        assertThrows(IOException.class, () -> SshShell.withPassword(d4.sshPort(), "admin", "wrong-password"), "a wrong password");
        assertThrows(IOException.class, () -> SshShell.withPassword(d4.sshPort(), "nobody", ADMIN_PASSWORD), "an unknown user");
        assertThrows(IOException.class, () -> SshShell.withPassword(d4.sshPort(), "viewer", "Viewer-pass-word-1"), "a user without the admin role");
        assertTrue(d4.readLog().contains("Refused an SSH login as 'viewer'"), "the refusal is logged");
        assertTrue(d4.readLog().contains("Failed login as 'admin' from 127.0.0.1"), "so is the failure");
    }

    @Test
    @Order(4)
    void theRemoteShellCannotStopTheAppliance() throws Exception {
        try (SshShell admin = SshShell.withPassword(d4.sshPort(), "admin", ADMIN_PASSWORD)) {
            for (String line : new String[] {"exit 0", "gosh -c echo", "system:exit 0", "stop 0", "felix:stop 0", "shutdown",
                    "addcommand system (loadclass java.lang.System)"}) {
                SshShell.Result r = admin.run(line);
                assertEquals(1, r.exitStatus(), line + " -> " + r.all());
            }
        }
        assertEquals(0, d4.d4("status", T).exitCode(), "still running");
    }

    @Test
    @Order(5)
    void everyCommandOverSshAndItsBadInputError() throws Exception {
        UUID pending = UUID.randomUUID();
        assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + pending + "\",\"hmac_key\":\"k\",\"description\":\"ssh\"}").statusCode());
        UUID rejected = UUID.randomUUID();
        assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + rejected + "\",\"hmac_key\":\"k\"}").statusCode());
        try (SshShell admin = SshShell.withPassword(d4.sshPort(), "admin", ADMIN_PASSWORD)) {
            String queue = created(ok(admin, "queue-create -m 50 -d ssh 8", "created "));
            String[][] good = {
                    {"d4:sensors", "STATUS"}, {"d4:pending", pending.toString()}, {"d4:reject " + rejected, "rejected " + rejected},
                    {"d4:approve " + pending, "approved " + pending}, {"d4:sensor " + pending, "max buffered entries"},
                    {"d4:kick " + pending, "kicked " + pending}, {"d4:blacklist ip add 198.51.100.3", "blacklisted 198.51.100.3"},
                    {"d4:blacklist ip list", "198.51.100.3"}, {"d4:blacklist ip remove 198.51.100.3", "removed 198.51.100.3"},
                    {"d4:blacklist uuid add " + rejected, "blacklisted " + rejected}, {"d4:blacklist uuid list", rejected.toString()},
                    {"d4:blacklist uuid remove " + rejected, "removed " + rejected},
                    {"d4:types add 6", "accepted 6"}, {"d4:types", "extended type (254)"}, {"d4:types remove 6", "refused 6"},
                    {"d4:mode registration", "mode registration"}, {"d4:mode", "mode registration"},
                    {"d4:queues", queue}, {"queue-edit -m 60 " + queue, "max 60"}, {"queue-sample -n 3 " + queue, "SEQUENCE"},
                    {"queue-empty " + queue, "removed 0 items"}, {"d4:analyzers", "NAME"},
                    {"d4:stats", "frames on "}, {"d4:users", "admin"}, {"user-add carol Carol-pass-word-1 user", "created user carol"},
                    {"d4:token carol create", "token for carol (shown once): "}, {"user-del carol", "deleted user carol"},
                    {"d4:keys admin", "ops@test"}, {"d4:audit -n 5", "ACTION"}, {"queue-delete " + queue, "deleted " + queue},
                    {"d4:delete " + pending, "deleted " + pending}};
            for (String[] g : good) {
                ok(admin, g[0], g[1]);
            }
            String[][] bad = {
                    {"d4:sensors extra", "sensors: wrong arguments (see 'help sensors')"}, {"d4:sensor nope", "invalid UUID: nope"}, {"d4:pending extra", "pending: wrong arguments"},
                    {"d4:approve " + UUID.randomUUID(), "no sensor "}, {"d4:reject nope", "invalid UUID: nope"},
                    {"d4:delete nope", "invalid UUID: nope"}, {"d4:kick nope", "invalid UUID: nope"},
                    {"d4:blacklist host add x", "blacklist what: uuid or ip"}, {"d4:blacklist ip add example.com", "invalid IP address: example.com"},
                    {"d4:types frob 6", "types action: list, add or remove"}, {"d4:types add", "needs a type number"},
                    {"d4:mode sometimes", "sometimes"}, {"d4:queues extra", "queues: wrong arguments"}, {"queue-create -m x 8", "queuecreate: wrong arguments"},
                    {"queue-create 0", "invalid queue type '0'"}, {"queue-edit " + UUID.randomUUID(), "nothing to change"},
                    {"queue-empty nope", "invalid UUID: nope"}, {"queue-delete nope", "invalid UUID: nope"},
                    {"queue-sample -n 0 " + UUID.randomUUID(), "-n must be 1 to 1000"}, {"d4:analyzers extra", "analyzers: wrong arguments"},
                    {"d4:deadletters nobody", "no such analyzer: nobody"}, {"d4:deadletters nobody frob", "deadletters action"}, {"d4:stats -d yesterday", "invalid day"},
                    {"d4:users extra", "users: wrong arguments"}, {"user-add dave short user", "does not meet the policy"},
                    {"user-del nobody", "nobody"}, {"d4:token admin frob", "token action: create or revoke"},
                    {"d4:keys admin add not-a-key", "not an SSH public key"}, {"d4:keys admin frob", "keys action"},
                    {"d4:passwd wrong-password Next-pass-word-1", "the current password is wrong"}, {"d4:audit -n 0", "-n must be 1 to 1000"},
                    {"d4:nosuchcommand", "Command not found: d4:nosuchcommand"}};
            for (String[] b : bad) {
                SshShell.Result r = admin.run(b[0]);
                assertEquals(1, r.exitStatus(), b[0] + " -> " + r.all());
                assertTrue(r.err().contains(b[1]), b[0] + " -> " + r.all());
                assertEquals(1, r.err().strip().lines().count(), "one line: " + b[0] + " -> " + r.all());
                assertFalse(r.all().contains("\tat ") || r.all().contains("Exception"), "no stack trace: " + b[0] + " -> " + r.all());
            }
        }
    }

    @Test
    @Order(6)
    void analyzersAndTheirDeadLettersOverSsh() throws Exception {
        Path temp = d4.home().resolve("deploy/.test-analyzer.tmp");
        Files.copy(AnalyzerLoopIT.TEST_ANALYZER, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, d4.home().resolve("deploy/d4-test-analyzer.jar"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (SshShell admin = SshShell.withPassword(d4.sshPort(), "admin", ADMIN_PASSWORD)) {
            assertTrue(Commands.eventually(T, () -> output(admin, "d4:analyzers").lines().anyMatch(l -> l.startsWith("test-pdns") && l.contains(" yes "))),
                    "the dropped-in analyzer is listed: " + output(admin, "d4:analyzers"));
            ok(admin, "d4:mode shared-secret ssh-key", "mode shared-secret");
            try (org.d4.itest.TlsSensor sensor = d4.connectSensor()) {
                sensor.send(new org.d4.protocol.FrameEncoder("ssh-key".getBytes(StandardCharsets.UTF_8)).encode(8, UUID.randomUUID(),
                        java.time.Instant.now().getEpochSecond(), "poison over ssh\n".getBytes(StandardCharsets.UTF_8)));
                assertTrue(sensor.stillOpenAfter(Duration.ofMillis(300)));
            }
            assertTrue(Commands.eventually(T, () -> output(admin, "d4:deadletters test-pdns").contains("refusing a poisoned line")), "a dead letter");
            assertTrue(ok(admin, "d4:deadletters test-pdns replay", "replayed ").contains("replayed 1"));
            assertTrue(Commands.eventually(T, () -> output(admin, "d4:deadletters test-pdns").contains("poison over ssh")), "dead again after the retries");
            ok(admin, "d4:deadletters test-pdns discard", "discarded 1");
            assertFalse(output(admin, "d4:deadletters test-pdns").contains("poison over ssh"));
            SshShell.Result bad = admin.run("d4:deadletters test-pdns replay x");
            assertTrue(bad.exitStatus() == 1 && bad.err().contains("not a dead letter id: x"), bad.all());
            ok(admin, "d4:mode registration", "mode registration");
        } finally {
            Files.deleteIfExists(d4.home().resolve("deploy/d4-test-analyzer.jar"));
        }
    }

    static String output(SshShell shell, String line) {
        try {
            return shell.run(line).out();
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    @Order(7)
    void aGeneratedPasswordMustBeChangedBeforeAnythingElse() throws Exception {
        assertEquals(200, d4.api("POST", "/users", "{\"name\":\"oper\",\"password\":\"Oper-pass-word-1\",\"roles\":[\"admin\"]}").statusCode());
        assertEquals(200, d4.api("PUT", "/users/oper", "{\"password\":\"Reset-pass-word-1\",\"must_change\":true}").statusCode());
        try (SshShell oper = SshShell.withPassword(d4.sshPort(), "oper", "Reset-pass-word-1")) {
            SshShell.Result refused = oper.run("d4:sensors");
            assertEquals(1, refused.exitStatus());
            assertTrue(refused.err().contains("password change required"), refused.all());
            SshShell.Result weak = oper.run("passwd Reset-pass-word-1 weak");
            assertTrue(weak.err().contains("does not meet the policy"), weak.all());
            SshShell.Result changed = oper.run("passwd Reset-pass-word-1 Oper-own-pass-2");
            assertEquals(0, changed.exitStatus(), changed.all());
            assertTrue(changed.out().contains("password of oper changed"), changed.all());
        }
        try (SshShell oper = SshShell.withPassword(d4.sshPort(), "oper", "Oper-own-pass-2")) {
            assertEquals(0, oper.run("d4:sensors").exitStatus());
        }
    }

    @Test
    @Order(8)
    void sshLoginsAndCommandsAreAudited() throws Exception {
        var audit = d4.api("GET", "/audit?limit=1000", null);
        assertEquals(200, audit.statusCode());
        String body = audit.body();
        assertTrue(body.contains("\"channel\":\"ssh\",\"remote\":\"127.0.0.1\",\"action\":\"shell.command\",\"target\":\"d4:approve "), body);
        assertTrue(body.contains("\"actor\":\"admin\",\"channel\":\"ssh\",\"remote\":\"127.0.0.1\",\"action\":\"login\",\"target\":\"admin\",\"success\":false"), body);
        assertTrue(body.contains("\"actor\":\"viewer\",\"channel\":\"ssh\",\"remote\":\"127.0.0.1\",\"action\":\"login\",\"target\":\"viewer\",\"success\":false,\"detail\":\"not an administrator\""), body);
        assertTrue(body.contains("\"action\":\"login\",\"target\":\"admin\",\"success\":true,\"detail\":\"public key, one command\""), body);
        assertTrue(body.contains("\"target\":\"passwd ***\""), "passwords are not recorded: " + body);
        assertFalse(body.contains("Oper-own-pass-2") || body.contains("Carol-pass-word-1"), body);
        assertTrue(body.contains("\"channel\":\"rest\""), body);
        String shown = ssh("d4:audit", "-n", "50").output();
        assertTrue(shown.contains("shell.command") && shown.contains("ssh"), shown);
    }

    @Test
    @Order(9)
    void portAndEnabledFollowTheConfigurationWithoutARestart() throws Exception {
        Path cfg = d4.home().resolve("etc/d4.shell.ssh.cfg");
        String original = Files.readString(cfg);
        try {
            Files.writeString(cfg, original + "enabled = false\n");
            assertTrue(Commands.eventually(T, () -> !loginWorks(d4.sshPort())), "disabled");
            int moved = org.d4.itest.Ports.free();
            Files.writeString(cfg, "port = " + moved + "\nbind = 127.0.0.1\nenabled = true\n");
            assertTrue(Commands.eventually(T, () -> loginWorks(moved)), "listening on the new port");
            assertTrue(d4.readLog().contains("SSH shell disabled"), "the log says so");
        } finally {
            Files.writeString(cfg, original);
        }
        assertTrue(Commands.eventually(T, () -> loginWorks(d4.sshPort())), "back on its port");
    }

    static boolean loginWorks(int port) {
        try (SshShell admin = SshShell.withPassword(port, "admin", ADMIN_PASSWORD)) {
            return admin.run("d4:mode").exitStatus() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Test
    @Order(10)
    void theHostKeyStaysAcrossARestart() throws Exception {
        String before = Files.readString(d4.home().resolve("etc/ssh/host-key.pem"));
        assertEquals(0, d4.d4("stop", T).exitCode());
        assertEquals(0, d4.d4("start", Duration.ofSeconds(100)).exitCode());
        assertEquals(before, Files.readString(d4.home().resolve("etc/ssh/host-key.pem")));
        // the known_hosts pinned by the first test: StrictHostKeyChecking=yes refuses any other key
        List<String> args = List.of("ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + keys.resolve("known_hosts"), "-o", "IdentitiesOnly=yes", "-i", keys.resolve("id").toString(),
                "-p", Integer.toString(d4.sshPort()), "admin@127.0.0.1", "d4:mode");
        Commands.Result again = Commands.run(keys, Map.of(), T, args.toArray(String[]::new));
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(again.output().contains("mode "), again.output());
    }

    private static String ok(SshShell shell, String line, String expected) throws IOException {
        SshShell.Result r = shell.run(line);
        assertEquals(0, r.exitStatus(), line + " -> " + r.all());
        assertTrue(r.out().contains(expected), line + " -> " + r.all());
        return r.out();
    }

    private static String created(String output) {
        Matcher m = Pattern.compile("created ([0-9a-f-]{36})").matcher(output);
        assertTrue(m.find(), output);
        return m.group(1);
    }

    private static void copy(InputStream in, StringBuffer into) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
