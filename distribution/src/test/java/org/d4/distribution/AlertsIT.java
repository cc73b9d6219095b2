// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.Ports;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts from outside: the appliance raises and resolves them (a silent sensor, a sensor whose
 * connections fail, a queue that fills and drops, the disk and certificate thresholds set so
 * that they must fire), and delivers each to a real SMTP server (GreenMail), an HTTP listener
 * (the webhook) and a syslog listener; REST, the SSH shell and the console page show them.
 */
class AlertsIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "Alerts-Admin-Pass-1";
    static final Duration T = Duration.ofSeconds(30);
    static Appliance d4;
    static GreenMail smtp;
    static HttpServer webhook;
    static DatagramSocket syslog;
    static Process starttls;
    static java.nio.file.Path mailFolder;
    static final List<String> hooks = Collections.synchronizedList(new ArrayList<>());
    static final List<String> syslogMessages = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("alerts@example.org", "alerts", "Mail-Secret-1");
        smtp.start();
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            hooks.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + new String(exchange.getRequestBody().readAllBytes(), UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        startStarttlsServer();
        syslog = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Thread listener = new Thread(() -> {
            byte[] buffer = new byte[8192];
            while (!syslog.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    syslog.receive(p);
                    syslogMessages.add(new String(p.getData(), 0, p.getLength(), UTF_8));
                } catch (java.io.IOException e) {
                    return;
                }
            }
        }, "syslog-listener");
        listener.setDaemon(true);
        listener.start();
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_ADMIN_PASSWORD", ADMIN_PASSWORD)
                .config("d4.alerts", Map.of("check.interval.s", "1", "disk.min.free.percent", "100", "certificate.warn.days", "36500",
                        "sensor.errors.count", "3"))
                .config("d4.notify.mail-ops", Map.of("host", "127.0.0.1", "port", Integer.toString(smtp.getSmtp().getPort()), "security", "none",
                        "username", "alerts", "password", "Mail-Secret-1", "from", "d4@example.org", "to", "ops@example.org, noc@example.org"))
                .config("d4.notify.webhook-chat", Map.of("url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                        "template", "{\"text\": \"{{summary}}\"}", "authorization", "Bearer hook-token"))
                .config("d4.notify.mail-starttls", Map.of("host", "127.0.0.1", "port", Integer.toString(starttlsPort), "security", "starttls",
                        "ca.file", mailFolder.resolve("cert.pem").toString(), "username", "alerts", "password", "Tls-Secret-2",
                        "from", "d4@example.org", "to", "ops@example.org", "subject.prefix", "[D4 TLS]"))
                .config("d4.notify.mail-wrongca", Map.of("host", "127.0.0.1", "port", Integer.toString(starttlsPort), "security", "starttls",
                        "ca.file", mailFolder.resolve("other.pem").toString(), "username", "alerts", "password", "Tls-Secret-2",
                        "from", "d4@example.org", "to", "ops@example.org", "subject.prefix", "[WRONG CA]"))
                .config("d4.notify.syslog-siem", Map.of("host", "127.0.0.1", "port", Integer.toString(syslog.getLocalPort()), "transport", "udp"))
                .start();
    }

    static int starttlsPort;

    /** Debian's aiosmtpd requiring STARTTLS then AUTH, with a certificate for 127.0.0.1 made by openssl; mails land in a maildir. */
    static void startStarttlsServer() throws Exception {
        mailFolder = java.nio.file.Files.createTempDirectory("d4-alerts-smtp-");
        for (String name : new String[] {"cert", "other"}) {
            Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2",
                    "-keyout", mailFolder.resolve(name + "-key.pem").toString(), "-out", mailFolder.resolve(name + ".pem").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertEquals(0, openssl.waitFor(), "openssl made " + name);
        }
        starttlsPort = Ports.free();
        java.nio.file.Path server = java.nio.file.Path.of("src/test/resources/smtp/starttls-server.py").toAbsolutePath();
        starttls = new ProcessBuilder("/usr/bin/python3", server.toString(), Integer.toString(starttlsPort), mailFolder.resolve("cert.pem").toString(),
                mailFolder.resolve("cert-key.pem").toString(), mailFolder.resolve("maildir").toString(), "alerts", "Tls-Secret-2")
                .redirectErrorStream(true).start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(starttls.getInputStream(), UTF_8));
        assertEquals("ready", out.readLine(), "the STARTTLS server started");
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // ends with the server
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    /** The mails the STARTTLS server kept, as text. */
    static List<String> starttlsMails() throws java.io.IOException {
        java.nio.file.Path box = mailFolder.resolve("maildir").resolve("new");
        if (!java.nio.file.Files.isDirectory(box)) {
            return List.of();
        }
        List<String> mails = new ArrayList<>();
        try (var files = java.nio.file.Files.list(box)) {
            for (java.nio.file.Path f : files.toList()) {
                mails.add(java.nio.file.Files.readString(f, UTF_8));
            }
        }
        return mails;
    }

    @AfterAll
    static void stop() throws Exception {
        if (starttls != null) {
            starttls.destroy();
        }
        try {
            if (d4 != null) {
                d4.close();
            }
        } finally {
            smtp.stop();
            webhook.stop(0);
            syslog.close();
            if (starttls != null) {
                starttls.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            try (var files = java.nio.file.Files.walk(mailFolder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static JsonNode alerts() throws Exception {
        return JSON.readTree(d4.api("GET", "/alerts", null).body());
    }

    static boolean active(String kind, String subject) throws Exception {
        for (JsonNode a : alerts().path("active")) {
            if (a.path("kind").asText().equals(kind) && (subject == null || a.path("subject").asText().equals(subject))) {
                return true;
            }
        }
        return false;
    }

    /** What the appliance logged about its notifiers, for a failure's message. */
    static String notifierLog() {
        try {
            return "\n" + String.join("\n", d4.readLog().lines().filter(l -> l.contains("otif") || l.contains("ERROR")).limit(40).toList());
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static boolean eventually(Check check) throws InterruptedException {
        return Commands.eventually(T, () -> {
            try {
                return check.holds();
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void thresholdsThatMustFireAreRaisedOnceAndDeliveredEverywhere() throws Exception {
        assertTrue(eventually(() -> active("disk_space", null) && active("certificate_expiry", null)), alerts().toString());
        JsonNode disk = null;
        for (JsonNode a : alerts().path("active")) {
            if (a.path("kind").asText().equals("disk_space")) {
                disk = a;
            }
        }
        assertEquals(d4.home().resolve("data").toAbsolutePath().normalize().toString(), disk.path("subject").asText());
        assertEquals("active", disk.path("state").asText());
        assertTrue(disk.path("message").asText().contains("alert below 1024 MB or 100 %"), disk.toString());

        assertTrue(eventually(() -> hooks.stream().anyMatch(h -> h.startsWith("Bearer hook-token {\"text\": \"RAISED") && h.contains("disk_space"))),
                hooks + notifierLog());
        assertTrue(smtp.waitForIncomingEmail(T.toMillis(), 4), "two alerts to two recipients");
        boolean mailed = false;
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject().startsWith("[D4] disk_space ")) {
                mailed = true;
                assertEquals("d4@example.org", m.getFrom()[0].toString());
                assertTrue(com.icegreen.greenmail.util.GreenMailUtil.getBody(m).contains("severity:"), "the fields in the body");
            }
        }
        assertTrue(mailed, "a mail about the disk");
        assertTrue(eventually(() -> starttlsMails().stream().anyMatch(m -> m.contains("Subject: [D4 TLS] disk_space "))),
                "over STARTTLS with AUTH: " + starttlsMails() + notifierLog());
        assertTrue(eventually(() -> notifierLog().contains("PKIX path")), "the notifier with the wrong CA failed: " + notifierLog());
        assertTrue(starttlsMails().stream().noneMatch(m -> m.contains("[WRONG CA]")), "nothing sent to a server it cannot verify");
        assertTrue(eventually(() -> syslogMessages.stream().anyMatch(s -> s.matches("(?s)<13[0-9]>1 \\d{4}-\\d\\d-\\d\\dT[^ ]+Z [^ ]+ d4 - alert "
                + "\\[d4alert@32473 kind=\"certificate_expiry\".*"))), syslogMessages.toString());

        Thread.sleep(3000);   // several more checks: nothing raised twice
        long diskAlerts = 0;
        for (JsonNode a : JSON.readTree(d4.api("GET", "/alerts/history?limit=1000", null).body())) {
            diskAlerts += a.path("kind").asText().equals("disk_space") ? 1 : 0;
        }
        assertEquals(1, diskAlerts, "raised once");
        assertEquals(1, hooks.stream().filter(h -> h.contains("RAISED") && h.contains("disk_space")).count(), "notified once");
    }

    @Test
    void aSilentSensorIsRaisedThenResolvedWhenItSendsAndItsFailingConnectionsToo() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "alert key");
        assertEquals(200, d4.api("PUT", "/sensors/" + sensor, "{\"monitoring_interval_s\": 2}").statusCode());
        assertTrue(eventually(() -> active("sensor_silent", sensor.toString())), alerts().toString());

        AtomicBoolean streaming = new AtomicBoolean(true);
        Thread sender = new Thread(() -> {
            FrameEncoder encoder = new FrameEncoder("alert key".getBytes(UTF_8));
            try (TlsSensor s = d4.connectSensor()) {
                for (int i = 0; streaming.get(); i++) {
                    s.send(encoder.encode(3, sensor, System.currentTimeMillis() / 1000, ("line " + i + "\n").getBytes(UTF_8)));
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                // the test's assertions tell
            }
        }, "alert-sensor");
        sender.start();
        try {
            assertTrue(eventually(() -> !active("sensor_silent", sensor.toString())), alerts().toString());
            assertTrue(eventually(() -> hooks.stream().anyMatch(h -> h.contains("RESOLVED sensor_silent " + sensor))), hooks.toString());
        } finally {
            streaming.set(false);
            sender.join(10_000);
        }
        assertTrue(eventually(() -> active("sensor_silent", sensor.toString())), "silent again once it stops");

        byte[] wrong = new FrameEncoder("wrong key".getBytes(UTF_8)).encode(3, sensor, System.currentTimeMillis() / 1000, "x\n".getBytes(UTF_8));
        for (int i = 0; i < 3; i++) {
            try (TlsSensor s = d4.connectSensor()) {
                s.send(wrong);
                assertTrue(s.closedByServer(Duration.ofSeconds(5)));
            } catch (java.io.IOException closedAlready) {
                // refused while writing
            }
        }
        assertTrue(eventually(() -> active("sensor_errors", sensor.toString())), alerts().toString());
        String message = null;
        for (JsonNode a : alerts().path("active")) {
            if (a.path("kind").asText().equals("sensor_errors")) {
                message = a.path("message").asText();
            }
        }
        assertTrue(message.contains("3 connection errors") && message.contains("HMAC"), message);
    }

    @Test
    void aQueueThatFillsAndDropsIsRaised() throws Exception {
        UUID sensor = ClientRun.approvedSensor(d4, "queue key");
        JsonNode queue = JSON.readTree(d4.api("POST", "/queues", "{\"type\": 3, \"sensors\": [\"" + sensor + "\"], \"max_size\": 10}").body());
        String uuid = queue.path("uuid").asText();
        FrameEncoder encoder = new FrameEncoder("queue key".getBytes(UTF_8));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            lines.append("line ").append(i).append('\n');
        }
        try (TlsSensor s = d4.connectSensor()) {
            s.send(encoder.encode(3, sensor, System.currentTimeMillis() / 1000, lines.toString().getBytes(UTF_8)));
            assertTrue(eventually(() -> active("queue_filling", uuid)), alerts().toString());
            assertTrue(!active("queue_dropping", uuid), "not dropping yet");
            s.send(encoder.encode(3, sensor, System.currentTimeMillis() / 1000, "more\nand more\n".getBytes(UTF_8)));
            assertTrue(eventually(() -> active("queue_dropping", uuid)), alerts().toString());
        }
        assertEquals(200, d4.api("POST", "/queues/" + uuid + "/empty", null).statusCode());
        assertTrue(eventually(() -> !active("queue_filling", uuid)), "resolved once emptied");
    }

    @Test
    void restShellAndConsoleShowTheAlerts() throws Exception {
        assertTrue(eventually(() -> active("disk_space", null)));
        JsonNode checked = JSON.readTree(d4.api("POST", "/alerts/check", null).body());
        assertTrue(checked.isArray() && checked.size() >= 2, checked.toString());
        JsonNode history = JSON.readTree(d4.api("GET", "/alerts/history?limit=1", null).body());
        assertEquals(1, history.size());
        long newest = history.get(0).path("sequence").asLong();
        JsonNode older = JSON.readTree(d4.api("GET", "/alerts/history?before=" + newest + "&limit=1000", null).body());
        assertTrue(older.size() >= 1 && older.get(0).path("sequence").asLong() < newest, older.toString());
        assertEquals(400, d4.api("GET", "/alerts/history?limit=0", null).statusCode());
        assertEquals(400, d4.api("GET", "/alerts/history?before=x", null).statusCode());
        assertEquals(405, d4.api("DELETE", "/alerts", null).statusCode());

        try (SshShell admin = SshShell.withPassword(d4.sshPort(), "admin", ADMIN_PASSWORD)) {
            SshShell.Result active = admin.run("d4:alerts");
            assertEquals(0, active.exitStatus(), active.all());
            assertTrue(active.out().contains("disk_space") && active.out().contains("certificate_expiry"), active.out());
            SshShell.Result all = admin.run("d4:alerts -a -n 500");
            assertTrue(all.out().contains("resolved") || all.out().contains("active"), all.out());
        }

        try (Browser browser = new Browser(d4)) {
            browser.open("/system/console/d4-alerts");
            browser.login("admin", ADMIN_PASSWORD);
            String table = browser.find("#d4-alerts-active").getText();
            assertTrue(table.contains("disk_space") && table.contains("certificate_expiry"), table);
            assertTrue(browser.find("#d4-alerts-history").getText().contains("disk_space"));
            browser.screenshot("alerts");
        }
    }
}
