// SPDX-License-Identifier: Apache-2.0
package org.d4.itest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A running copy of an appliance image, started with {@code bin/d4 start} exactly as an operator
 * would, in its own temp folder and on free ports. Close it to stop it and delete the copy.
 *
 * <pre>
 * try (Appliance d4 = Appliance.fromImage(Path.of(System.getProperty("d4.image"))).start()) {
 *     assertEquals(200, d4.get("/system/console/bundles", d4.adminCredentials()).statusCode());
 * }
 * </pre>
 */
public final class Appliance implements AutoCloseable {
    private final Path home;
    private final int httpsPort;
    private final int sensorPort;
    private final int respPort;
    private final int sshPort;
    private final Map<String, String> environment;
    private final boolean keep;
    private HttpClient https;

    private Appliance(Path home, int httpsPort, int sensorPort, int respPort, int sshPort, Map<String, String> environment, boolean keep) {
        this.home = home;
        this.httpsPort = httpsPort;
        this.sensorPort = sensorPort;
        this.respPort = respPort;
        this.sshPort = sshPort;
        this.environment = environment;
        this.keep = keep;
    }

    /** Starts preparing a fresh copy of the image folder (e.g. {@code distribution/target/d4-server}). */
    public static Builder fromImage(Path image) {
        return new Builder(image);
    }

    /** Configures the copy before its first start. */
    public static final class Builder {
        private final Path image;
        private final Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder(Path image) {
            this.image = image;
        }

        /** Writes {@code etc/<pid>.cfg} into the copy, as an operator would. */
        public Builder config(String pid, Map<String, String> properties) {
            configs.computeIfAbsent(pid, p -> new LinkedHashMap<>()).putAll(properties);
            return this;
        }

        /** An environment variable for {@code bin/d4}, e.g. {@code D4_ADMIN_PASSWORD}. */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            startTimeout = timeout;
            return this;
        }

        /** Copies the image to a temp folder, picks free ports, runs {@code bin/d4 start} and waits until ready. */
        public Appliance start() throws IOException, InterruptedException {
            Appliance appliance = prepare();
            Commands.Result result = appliance.d4("start", startTimeout.plusSeconds(10));
            if (result.exitCode() != 0) {
                String log = appliance.readLog();
                appliance.close();
                throw new IllegalStateException("bin/d4 start failed (" + result.exitCode() + "): " + result.output()
                        + "\n--- logs/d4.log ---\n" + log);
            }
            return appliance;
        }

        /** Copies the image and runs it with {@code bin/d4 run}, the console on stdin/stdout; waits until ready. */
        public ForegroundAppliance runInForeground() throws IOException, InterruptedException {
            Appliance appliance = prepare();
            ForegroundAppliance running = new ForegroundAppliance(appliance, appliance.environment);
            if (!running.awaitOutput("d4: ready in", startTimeout)) {
                running.close();
                throw new IllegalStateException("bin/d4 run not ready within " + startTimeout + ":\n" + running.output());
            }
            return running;
        }

        /** Copies and configures without starting; {@link Appliance#d4(String, Duration)} starts it. */
        public Appliance prepare() throws IOException {
            if (!Files.isExecutable(image.resolve("bin/d4"))) {
                throw new IllegalArgumentException(image + " is not an appliance image (no executable bin/d4); build it with mvn package");
            }
            Path home = Files.createTempDirectory("d4-it-");
            Commands.copyTree(image, home);
            int port = Ports.free();
            Map<String, String> http = new LinkedHashMap<>(Map.of("port", Integer.toString(port)));
            http.putAll(configs.getOrDefault("d4.http", Map.of()));
            configs.put("d4.http", http);
            Map<String, String> server = new LinkedHashMap<>(Map.of("port", Integer.toString(Ports.free())));
            server.putAll(configs.getOrDefault("d4.server", Map.of()));
            configs.put("d4.server", server);
            // every listener on a free port, so copies run side by side (and beside a developer's own appliance)
            Map<String, String> resp = new LinkedHashMap<>(Map.of("port", Integer.toString(Ports.free())));
            resp.putAll(configs.getOrDefault("d4.resp", Map.of()));
            configs.put("d4.resp", resp);
            Map<String, String> ssh = new LinkedHashMap<>(Map.of("port", Integer.toString(Ports.free())));
            ssh.putAll(configs.getOrDefault("d4.shell.ssh", Map.of()));
            configs.put("d4.shell.ssh", ssh);
            for (Map.Entry<String, Map<String, String>> c : configs.entrySet()) {
                StringBuilder text = new StringBuilder();
                c.getValue().forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
                Files.writeString(home.resolve("etc").resolve(c.getKey() + ".cfg"), text);
            }
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
            env.putIfAbsent("D4_START_TIMEOUT", Long.toString(startTimeout.toSeconds()));
            return new Appliance(home, Integer.parseInt(http.get("port")), Integer.parseInt(server.get("port")), Integer.parseInt(resp.get("port")),
                    Integer.parseInt(ssh.get("port")), env,
                    Boolean.getBoolean("d4.itest.keep"));
        }
    }

    public Path home() {
        return home;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** The TLS port sensors connect to. */
    public int sensorPort() {
        return sensorPort;
    }

    /** The port of the Redis-protocol endpoint for external analyzers (loopback). */
    public int respPort() {
        return respPort;
    }

    /** The port of the SSH remote shell (loopback). */
    public int sshPort() {
        return sshPort;
    }

    /** A TLS connection to the sensor port, as a sensor makes it. */
    public TlsSensor connectSensor() throws IOException {
        return TlsSensor.connect(this);
    }

    /** The generated admin API token of the first start, or D4_ADMIN_TOKEN. */
    public String adminToken() throws IOException {
        String token = environment.get("D4_ADMIN_TOKEN");
        return token != null ? token : Files.readString(home.resolve("data/initial-admin-token")).strip();
    }

    /** A REST call with the admin token; {@code json} may be null. */
    public HttpResponse<String> api(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", adminToken()).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build();
        return https().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code bin/d4 <command>} and waits for it. */
    public Commands.Result d4(String command, Duration timeout) throws IOException, InterruptedException {
        return Commands.run(home, environment, timeout, home.resolve("bin/d4").toString(), command);
    }

    /** The generated admin password of the first start, from {@code data/initial-admin-password}. */
    public String initialAdminPassword() throws IOException {
        return Files.readString(home.resolve("data/initial-admin-password")).strip();
    }

    /** {@code admin} with the password given by D4_ADMIN_PASSWORD, or else the generated one. */
    public String adminCredentials() throws IOException {
        String password = environment.get("D4_ADMIN_PASSWORD");
        return "admin:" + (password != null ? password : initialAdminPassword());
    }

    /** GET over HTTPS on 127.0.0.1, trusting only the appliance's own certificate; {@code credentials} "user:password" or null. */
    public HttpResponse<String> get(String path, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return https().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends any request built against {@link #uri(String)} with the appliance-trusting client. */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        return https().send(request, handler);
    }

    public URI uri(String path) {
        return URI.create("https://127.0.0.1:" + httpsPort + path);
    }

    /** An HTTPS client that trusts exactly the certificate in {@code etc/tls/server.crt}. */
    public synchronized HttpClient https() throws IOException {
        if (https == null) {
            https = HttpClient.newBuilder().sslContext(trustingTls()).connectTimeout(Duration.ofSeconds(10)).build();
        }
        return https;
    }

    /** A TLS context that trusts exactly the certificate in {@code etc/tls/server.crt}. */
    public SSLContext trustingTls() throws IOException {
        try (InputStream in = Files.newInputStream(home.resolve("etc/tls/server.crt"))) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("d4-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the appliance certificate: " + e.getMessage(), e);
        }
    }

    /** The content of {@code data/status} as written by the launcher. */
    public Properties statusFile() throws IOException {
        Properties p = new Properties();
        Path file = home.resolve("data/status");
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
        }
        return p;
    }

    /** {@code logs/d4.log}, empty if not written yet. */
    public String readLog() throws IOException {
        Path log = home.resolve("logs/d4.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The process id from {@code data/d4.pid}. */
    public long pid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("data/d4.pid")).strip());
    }

    void deleteCopy() throws IOException {
        if (!keep) {
            Commands.deleteTree(home);
        }
    }

    /** Stops it with {@code bin/d4 stop} (if running) and deletes the copy unless -Dd4.itest.keep=true. */
    @Override
    public void close() throws IOException {
        try {
            d4("stop", Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteCopy();
        }
    }
}
