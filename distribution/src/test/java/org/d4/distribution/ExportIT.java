// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.d4.distribution.Receivers.DatagramReceiver;
import org.d4.distribution.Receivers.StreamReceiver;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The exporters in the real image: shipped in analyzers/, enabled by copying into deploy/, one
 * etc/d4.export-NAME.cfg per export. A sensor's log lines (type 3) reach a TCP, a TLS (CA made by
 * openssl, host name checked), a UDP, a unix socket and a syslog receiver, and a file; the TCP
 * receiver goes away and comes back without a line lost or reordered.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "export key";
    static final UUID SENSOR = UUID.randomUUID();
    static final List<String> EXPORTS = List.of("tcp", "tls", "udp", "unix", "file", "syslog", "syslogtls", "syslogudp");
    /** RFC 5424 as the RFC's ABNF states it: PRI VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG. */
    static final Pattern SYSLOG = Pattern.compile("<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,6})?Z) ([!-~]{1,255}) d4 - 3 - (.*)",
            Pattern.DOTALL);
    @TempDir
    static Path work;
    static Appliance d4;
    static int tcpPort;
    static StreamReceiver tcp;
    /** The TCP receiver before it went away (its lines come first). */
    static StreamReceiver tcpBefore3;
    static StreamReceiver tls;
    static StreamReceiver unix;
    static StreamReceiver syslog;
    static StreamReceiver syslogTls;
    static DatagramReceiver syslogUdp;
    static DatagramReceiver udp;
    static final List<String> sent = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        makeCertificates();
        try (ServerSocket probe = Receivers.listen(0)) {
            tcpPort = probe.getLocalPort();
        }
        tcp = StreamReceiver.tcp(Receivers.listen(tcpPort), Receivers.LINES);
        tls = StreamReceiver.tcp(tlsContext().getServerSocketFactory().createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()),
                Receivers.LINES);
        unix = StreamReceiver.unix(work.resolve("export.sock"), Receivers.LINES);
        syslog = StreamReceiver.tcp(Receivers.listen(0), Receivers.OCTET_COUNTED);
        udp = new DatagramReceiver();
        syslogTls = StreamReceiver.tcp(tlsContext().getServerSocketFactory().createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress()),
                Receivers.OCTET_COUNTED);
        syslogUdp = new DatagramReceiver();
        Appliance.Builder image = Appliance.fromImage(ServerImageIT.IMAGE);
        image.config("d4.export-tcp", export("tcp", "tcp", "127.0.0.1:" + tcpPort));
        Map<String, String> secure = export("tls", "tls", "localhost:" + tls.port());
        secure.put("ca.file", work.resolve("ca.pem").toString());
        image.config("d4.export-tls", secure);
        image.config("d4.export-udp", export("udp", "udp", "127.0.0.1:" + udp.port()));
        image.config("d4.export-unix", export("unix", "unix", work.resolve("export.sock").toString()));
        image.config("d4.export-file", export("file", "file", work.resolve("export.log").toString()));
        Map<String, String> sys = export("syslog", "syslog-tcp", "127.0.0.1:" + syslog.port());
        sys.put("syslog.hostname", "d4.example");
        sys.put("syslog.facility", "16");
        image.config("d4.export-syslog", sys);
        Map<String, String> sysTls = export("syslogtls", "syslog-tls", "localhost:" + syslogTls.port());
        sysTls.put("ca.file", work.resolve("ca.pem").toString());
        sysTls.put("syslog.hostname", "d4.example");
        sysTls.put("syslog.facility", "16");
        image.config("d4.export-syslogtls", sysTls);
        Map<String, String> sysUdp = export("syslogudp", "syslog-udp", "127.0.0.1:" + syslogUdp.port());
        sysUdp.put("syslog.hostname", "d4.example");
        sysUdp.put("syslog.facility", "16");
        image.config("d4.export-syslogudp", sysUdp);
        // the same TLS receiver, but a CA that did not sign its certificate: nothing may be written
        Map<String, String> wrongCa = export("wrongca", "tls", "localhost:" + tls.port());
        wrongCa.put("ca.file", work.resolve("other-ca.pem").toString());
        image.config("d4.export-wrongca", wrongCa);
        // the right CA, but an address the certificate does not name (it names localhost only)
        Map<String, String> wrongHost = export("wronghost", "tls", "127.0.0.1:" + tls.port());
        wrongHost.put("ca.file", work.resolve("ca.pem").toString());
        image.config("d4.export-wronghost", wrongHost);
        d4 = image.start();
        assertEquals(200, d4.api("PUT", "/server", "{\"mode\":\"shared-secret\",\"default_key\":\"" + KEY + "\"}").statusCode());
        Path jar;
        try (Stream<Path> shipped = Files.list(d4.home().resolve("analyzers"))) {
            jar = shipped.filter(p -> p.getFileName().toString().startsWith("analyzer-export-")).findFirst().orElseThrow();
        }
        Path temp = d4.home().resolve("deploy/.export.tmp");
        Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, d4.home().resolve("deploy").resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    static Map<String, String> export(String name, String sink, String address) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("type", "3");
        c.put("sink", sink);
        c.put("address", address);
        c.put("backoff.initial.ms", "100");
        c.put("backoff.max.ms", "1000");
        return c;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {d4, tcp, tls, unix, syslog, udp, syslogTls, syslogUdp}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyExportIsBoundWhenTheBundleIsDeployed() throws Exception {
        for (String name : EXPORTS) {
            assertTrue(Commands.eventually(Duration.ofSeconds(90), () -> analyzer("export-" + name).path("deployed").asBoolean(false)),
                    "export-" + name + " bound: " + quietly(() -> d4.api("GET", "/analyzers", null).body()));
        }
        assertEquals("analyzer-export", analyzer("export-tcp").path("bundle").asText());
        assertEquals("tcp 127.0.0.1:" + tcpPort, analyzer("export-tcp").path("details").path("sink").asText());
    }

    @Test
    @Order(2)
    void everySinkReceivesEveryLineInOrder() throws Exception {
        send(lines("first", 40));
        awaitAll(() -> tcp.received, "tcp");
        awaitAll(() -> tls.received, "tls");
        awaitAll(() -> unix.received, "unix");
        // a datagram per line, with its newline (newline = true, the default)
        awaitAll(() -> udp.received.stream().map(d -> d.endsWith("\n") ? d.substring(0, d.length() - 1) : d + " (no newline)").toList(), "udp");
        awaitAll(() -> fileLines(), "file");
        awaitAll(() -> syslogMessages(syslog.received), "syslog");
        awaitAll(() -> syslogMessages(syslogTls.received), "syslogtls");
        awaitAll(() -> syslogMessages(syslogUdp.received), "syslogudp");
        List<String> messages = new ArrayList<>(syslog.received);
        messages.addAll(syslogTls.received);
        messages.addAll(syslogUdp.received);
        for (String m : messages) {
            Matcher x = SYSLOG.matcher(m);
            assertTrue(x.matches(), "RFC 5424: " + m);
            assertEquals(16 * 8 + 6, Integer.parseInt(x.group(1)), "facility local0, severity informational");
            assertEquals("d4.example", x.group(3));
            Instant stamped = Instant.parse(x.group(2));
            assertTrue(Duration.between(stamped, Instant.now()).abs().toMinutes() < 10, "stamped with the time it was queued: " + stamped);
        }
        assertEquals(List.of(), tcp.errors);
        assertEquals(List.of(), syslog.errors);
        JsonNode details = analyzer("export-tls").path("details");
        assertEquals(40, details.path("written").asLong(), details.toString());
        assertTrue(details.path("connected").asBoolean(), details.toString());

        JsonNode wrong = analyzer("export-wrongca");
        assertEquals(0, wrong.path("details").path("written").asLong(), wrong.toString());
        assertTrue(wrong.path("details").path("failures").asLong() > 0, wrong.toString());
        assertTrue(wrong.path("details").path("last_error").asText().contains("SSLHandshakeException"), wrong.toString());
        assertTrue(wrong.path("lag").asLong() > 0, "its lines wait in its queue: " + wrong);

        JsonNode wrongHost = analyzer("export-wronghost").path("details");
        assertEquals(0, wrongHost.path("written").asLong(), wrongHost.toString());
        assertTrue(wrongHost.path("last_error").asText().contains("SSLHandshakeException")
                && wrongHost.path("last_error").asText().contains("127.0.0.1"), "the host name is checked: " + wrongHost);

        String page = d4.get("/system/console/d4-analyzers", d4.adminCredentials()).body();
        assertTrue(page.contains("export-tcp") && page.contains("written: 40") && page.contains("reconnects: 0"), "console shows the counters");
        assertTrue(page.contains("SSLHandshakeException"), "and the last error of the export with the wrong CA");
    }

    @Test
    @Order(3)
    void theTcpReceiverGoesAwayAndComesBackAndNothingIsLost() throws Exception {
        tcp.close();
        List<String> whileAway = lines("away", 30);
        send(whileAway);
        awaitAll(() -> fileLines(), "file");        // the other exports go on
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> analyzer("export-tcp").path("details").path("failures").asLong() >= 2),
                "connection attempts fail and are counted");
        JsonNode away = analyzer("export-tcp");
        assertTrue(away.path("lag").asLong() >= whileAway.size() - 1, "the lines wait in the queue: " + away);
        assertTrue(away.path("details").path("last_error").asText().contains("ConnectException"), away.toString());
        Thread.sleep(2000);
        StreamReceiver before = tcp;
        tcpBefore3 = before;
        tcp = StreamReceiver.tcp(Receivers.listen(tcpPort), Receivers.LINES);
        List<String> both = new ArrayList<>(before.received);
        awaitAll(() -> {
            List<String> all = new ArrayList<>(before.received);
            all.addAll(tcp.received);
            return all;
        }, "tcp after its return");
        assertEquals(sent.subList(0, 40), both, "the first lines before it went away");
        assertEquals(whileAway, tcp.received, "every line sent while it was away, in order, once");
        JsonNode back = analyzer("export-tcp").path("details");
        assertEquals(70, back.path("written").asLong(), back.toString());
        assertTrue(back.path("reconnects").asLong() >= 1, back.toString());
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> analyzer("export-tcp").path("lag").asLong() == 0), "queue drained");
    }

    @Test
    @Order(4)
    void drainRateOfAFullQueue() throws Exception {
        // the receiver away while the lines arrive, so the rate measured is the export's own, not the sensor's
        tcp.close();
        StreamReceiver before = tcp;
        List<String> earlier = new ArrayList<>(tcpBefore3.received);
        earlier.addAll(before.received);
        int n = 20_000;
        long sending = System.nanoTime();
        send(lines("bulk", n), 8192);
        assertTrue(Commands.eventually(Duration.ofSeconds(240), () -> analyzer("export-tcp").path("lag").asLong() >= n),
                "the lines wait in the queue: " + analyzer("export-tcp"));
        awaitAll(() -> fileLines(), "file");
        double queuedSeconds = (System.nanoTime() - sending) / 1e9;
        long start = System.nanoTime();
        tcp = StreamReceiver.tcp(Receivers.listen(tcpPort), Receivers.LINES);
        awaitAll(() -> {
            List<String> all = new ArrayList<>(earlier);
            all.addAll(tcp.received);
            return all;
        }, "tcp");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "export throughput: %d lines queued in %.1f s (sensor to six queues and the file export); "
                + "the full TCP export queue drained in %.1f s, %.0f lines/s%n", n, queuedSeconds, seconds, n / seconds);
    }

    // ---- helpers

    static void awaitAll(Supplier<List<String>> received, String what) throws Exception {
        boolean complete = Commands.eventually(Duration.ofSeconds(90), () -> received.get().size() >= sent.size());
        assertTrue(complete, what + " got " + received.get().size() + " of " + sent.size() + " lines; export: "
                + quietly(() -> d4.api("GET", "/analyzers/export-" + what.split(" ")[0], null).body()));
        assertEquals(sent, received.get(), what + ": every line, in order, once");
    }

    static List<String> fileLines() {
        try {
            Path file = work.resolve("export.log");
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    static List<String> syslogMessages(List<String> received) {
        return received.stream().map(m -> {
            Matcher x = SYSLOG.matcher(m);
            return x.matches() ? x.group(4) : m;
        }).toList();
    }

    static List<String> lines(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(String.format("%s-%03d %s log line with text, caf\u00e9", prefix, i, Instant.now()));
        }
        return out;
    }

    static void send(List<String> lines) throws Exception {
        send(lines, 113);      // small frames: lines cut across frames
    }

    static void send(List<String> lines, int frameBytes) throws Exception {
        sent.addAll(lines);
        byte[] data = (String.join("\n", lines) + "\n").getBytes(UTF_8);
        FrameEncoder encoder = new FrameEncoder(KEY.getBytes(UTF_8));
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (int at = 0; at < data.length; at += frameBytes) {
            frames.writeBytes(encoder.encode(3, SENSOR, Instant.now().getEpochSecond(),
                    java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + frameBytes))));
        }
        try (TlsSensor s = d4.connectSensor()) {
            s.send(frames.toByteArray());
            assertTrue(s.stillOpenAfter(Duration.ofMillis(300)), "the sensor's frames were accepted");
        }
    }

    static JsonNode analyzer(String name) {
        try {
            return JSON.readTree(d4.api("GET", "/analyzers/" + name, null).body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    static String quietly(java.util.concurrent.Callable<String> c) {
        try {
            return c.call();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** A CA, a certificate for localhost signed by it, and a second CA that signed nothing, all by openssl. */
    static void makeCertificates() throws Exception {
        Files.writeString(work.resolve("server.ext"), "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=D4 export test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2",
                "-extfile", "server.ext");
        openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12", "-passout", "pass:export-it");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=Other CA");
    }

    static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertEquals(0, p.waitFor(), "openssl " + String.join(" ", args) + ": " + output);
    }

    static SSLContext tlsContext() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(work.resolve("server.p12").toFile())) {
            keys.load(in, "export-it".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "export-it".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
