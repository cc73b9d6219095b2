// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The HTTPS endpoint as a whole, from outside: connection limits (3 per address, 5 in total here),
 * the browser protection headers on every kind of answer, the session cookie, a half-sent request
 * closed after the idle timeout, and logs that hold no secret and are owner-only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpsEndpointIT {
    static final int PER_ADDRESS = 3;
    static final int TOTAL = 5;
    @AutoClose
    static Appliance d4;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.http", Map.of("max.connections.per.ip", Integer.toString(PER_ADDRESS), "max.connections", Integer.toString(TOTAL))).start();
    }

    // first, while no HTTP client of the tests holds a connection
    @Test
    @Order(1)
    void connectionsBeyondTheLimitsAreClosedAtOnce() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_ADDRESS; i++) {
                held.add(connectFrom("127.0.0.2"));
                assertTrue(stillOpen(held.get(i)), "connection " + (i + 1) + " from 127.0.0.2");
            }
            try (Socket over = connectFrom("127.0.0.2")) {
                assertFalse(stillOpen(over), "connection " + (PER_ADDRESS + 1) + " from one address");
            }
            for (int i = PER_ADDRESS; i < TOTAL; i++) {
                held.add(connectFrom("127.0.0." + (10 + i)));
                assertTrue(stillOpen(held.get(i)), "connection " + (i + 1) + " in total");
            }
            try (Socket over = connectFrom("127.0.0.30")) {
                assertFalse(stillOpen(over), "connection " + (TOTAL + 1) + " in total");
            }
            held.remove(0).close();
            assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> {
                try (Socket again = connectFrom("127.0.0.2")) {
                    return stillOpen(again);
                } catch (IOException e) {
                    return false;
                }
            }), "a closed connection makes room again");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        assertTrue(d4.readLog().contains("Refused an HTTPS connection from 127.0.0.2: more than 3 connections from this address"));
        assertTrue(d4.readLog().contains("Refused an HTTPS connection from 127.0.0.30: more than 5 connections"));
        assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> {
            try {
                return d4.api("GET", "/sensors", null).statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }), "HTTPS works again once the connections are gone");
    }

    @Test
    @Order(2)
    void everyAnswerCarriesTheBrowserProtections() throws Exception {
        Path deployed = deployPassiveDns();
        String basic = "Basic " + Base64.getEncoder().encodeToString(d4.adminCredentials().getBytes(UTF_8));
        Map<String, HttpResponse<String>> answers = new java.util.LinkedHashMap<>();
        answers.put("login page", send(HttpRequest.newBuilder(d4.uri("/system/console/d4-login")).header("Accept", "text/html").GET()));
        answers.put("console page, Felix's own", send(HttpRequest.newBuilder(d4.uri("/system/console/bundles")).header("Authorization", basic).GET()));
        answers.put("console resource", send(HttpRequest.newBuilder(d4.uri("/system/console/res/lib/jquery-3.6.1.js")).header("Authorization", basic).GET()));
        answers.put("console without login", send(HttpRequest.newBuilder(d4.uri("/system/console/d4-sensors")).GET()));
        answers.put("API", send(HttpRequest.newBuilder(d4.uri("/api/v1/sensors")).header("Authorization", d4.adminToken()).GET()));
        answers.put("API 401", send(HttpRequest.newBuilder(d4.uri("/api/v1/sensors")).GET()));
        answers.put("API 415", send(HttpRequest.newBuilder(d4.uri("/api/v1/queues")).header("Authorization", d4.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":3}"))));
        answers.put("pdns", send(HttpRequest.newBuilder(d4.uri("/pdns/info")).header("Authorization", d4.adminToken()).GET()));
        answers.put("pdns 401", send(HttpRequest.newBuilder(d4.uri("/pdns/info")).GET()));
        answers.put("nothing there", send(HttpRequest.newBuilder(d4.uri("/no/such/thing")).GET()));
        assertEquals(200, answers.get("API").statusCode());
        assertEquals(200, answers.get("pdns").statusCode(), answers.get("pdns").body());
        assertEquals(415, answers.get("API 415").statusCode());
        assertEquals(404, answers.get("nothing there").statusCode());
        for (Map.Entry<String, HttpResponse<String>> a : answers.entrySet()) {
            HttpResponse<String> r = a.getValue();
            String what = a.getKey() + " (" + r.statusCode() + ")";
            assertEquals(List.of("DENY"), r.headers().allValues("X-Frame-Options"), what);
            List<String> policies = r.headers().allValues("Content-Security-Policy");
            assertEquals(1, policies.size(), what + ": one policy " + policies);
            assertTrue(policies.get(0).contains("frame-ancestors 'none'"), what + ": " + policies);
            assertEquals(List.of("nosniff"), r.headers().allValues("X-Content-Type-Options"), what);
            assertEquals(List.of("same-origin"), r.headers().allValues("Referrer-Policy"), what);
            // Jetty's own error pages say "must-revalidate,no-cache,no-store"
            List<String> caching = r.headers().allValues("Cache-Control");
            assertEquals(1, caching.size(), what + ": " + caching);
            assertTrue(List.of(caching.get(0).replace(" ", "").split(",")).contains("no-store"), what + ": " + caching);
            for (String challenge : r.headers().allValues("WWW-Authenticate")) {
                assertTrue(!a.getKey().startsWith("API") && !a.getKey().startsWith("pdns") || !challenge.startsWith("Basic"), what + ": " + challenge);
            }
        }
        Files.delete(deployed);
    }

    @Test
    @Order(3)
    void theSessionCookieIsSecureHttpOnlyAndStrict() throws Exception {
        HttpClient plain = HttpClient.newBuilder().sslContext(d4.trustingTls()).followRedirects(HttpClient.Redirect.NEVER).build();
        String form = "name=admin&password=" + java.net.URLEncoder.encode(d4.initialAdminPassword(), UTF_8);
        HttpResponse<String> login = plain.send(HttpRequest.newBuilder(d4.uri("/system/console/d4-login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://127.0.0.1:" + d4.httpsPort())
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(login.statusCode() == 302 || login.statusCode() == 303, login.statusCode() + " " + login.body());
        List<String> cookies = login.headers().allValues("Set-Cookie");
        String session = cookies.stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow(() -> new AssertionError(cookies.toString()));
        List<String> attributes = Stream.of(session.split(";")).map(String::strip).map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
        assertTrue(attributes.contains("secure"), session);
        assertTrue(attributes.contains("httponly"), session);
        assertTrue(attributes.contains("samesite=strict"), session);
        assertEquals(List.of("no-store"), login.headers().allValues("Cache-Control"));
    }

    @Test
    @Order(4)
    void logsHoldNoSecretAndAreOwnerOnly() throws Exception {
        String password = d4.initialAdminPassword();
        String token = d4.adminToken();
        assertTrue(d4.readLog().contains("data/initial-admin-password (owner-only)"), "the log names the file that holds the password");
        Path logs = d4.home().resolve("logs");
        assertTrue(Files.exists(logs.resolve("console.log")) && Files.exists(logs.resolve("d4.log")));
        Set<PosixFilePermission> groupOrOther = EnumSet.complementOf(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        assertTrue(java.util.Collections.disjoint(Files.getPosixFilePermissions(logs), groupOrOther), "logs/ " + Files.getPosixFilePermissions(logs));
        try (Stream<Path> files = Files.walk(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                assertTrue(java.util.Collections.disjoint(mode, groupOrOther), file + " " + mode);
                String text = new String(Files.readAllBytes(file), UTF_8);
                assertFalse(text.contains(password), file + " holds the generated password");
                assertFalse(text.contains(token), file + " holds the generated token");
            }
        }
    }

    @Test
    @Order(5)
    void aHalfSentRequestIsClosedAfterTheIdleTimeout() throws Exception {
        try (Appliance quick = Appliance.fromImage(ServerImageIT.IMAGE).config("d4.http", Map.of("idle.timeout.s", "2")).start();
                SSLSocket socket = (SSLSocket) quick.trustingTls().getSocketFactory().createSocket("127.0.0.1", quick.httpsPort())) {
            socket.startHandshake();
            socket.getOutputStream().write("GET /api/v1/sensors HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ".getBytes(UTF_8));
            socket.getOutputStream().flush();
            socket.setSoTimeout(20_000);
            long start = System.nanoTime();
            try {
                readToEnd(socket.getInputStream());   // an error answer at most, then the end; a timeout fails the test
            } catch (SocketException e) {
                // reset: closed as well
            }
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis >= 1_500 && millis <= 10_000, "closed after " + millis + " ms");
        }
    }

    private static void readToEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // drop
        }
    }

    private static Path deployPassiveDns() throws Exception {
        Path jar;
        try (Stream<Path> shipped = Files.list(d4.home().resolve("analyzers"))) {
            jar = shipped.filter(p -> p.getFileName().toString().startsWith("analyzer-passivedns-")).findFirst().orElseThrow();
        }
        Path deployed = Files.copy(jar, d4.home().resolve("deploy").resolve(jar.getFileName()));
        assertTrue(Commands.eventually(Duration.ofSeconds(60), () -> {
            try {
                return send(HttpRequest.newBuilder(d4.uri("/pdns/info")).GET()).statusCode() == 401;
            } catch (Exception e) {
                return false;
            }
        }), "the passive DNS API comes up");
        return deployed;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return d4.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Socket connectFrom(String localAddress) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", d4.httpsPort()), 5_000);
        return socket;
    }

    @Test
    @Order(6)
    void aChangedLimitAppliesWithoutARestart() throws Exception {
        Path config = d4.home().resolve("etc/d4.http.cfg");
        String text = Files.readString(config).replace("max.connections.per.ip = " + PER_ADDRESS, "max.connections.per.ip = 2");
        Files.writeString(config, text);
        assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> {
            try {
                return d4.readLog().contains("HTTPS connection limits: 5 in total, 2 per client address");
            } catch (IOException e) {
                return false;
            }
        }), "the new limit is applied");
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> {
            try (Socket first = connectFrom("127.0.0.40"); Socket second = connectFrom("127.0.0.40"); Socket third = connectFrom("127.0.0.40")) {
                return stillOpen(first) && stillOpen(second) && !stillOpen(third);
            } catch (IOException e) {
                return false;
            }
        }), "two connections from one address, not three");
        assertEquals(200, d4.api("GET", "/sensors", null).statusCode());
    }

    // the server closes a refused connection at once; an admitted one waits for the TLS handshake
    private static boolean stillOpen(Socket socket) throws IOException {
        socket.setSoTimeout(1_000);
        try {
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException e) {
            return false;
        }
    }
}
