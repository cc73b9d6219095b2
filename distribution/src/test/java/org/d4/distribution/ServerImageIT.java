// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TestBundles;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One server image, started once with {@code bin/d4 start}, driven from outside like an operator would. */
class ServerImageIT {
    static final Path IMAGE = Path.of(System.getProperty("d4.image", "target/d4-server"));
    static final Duration HOT_DEPLOY_LIMIT = Duration.ofSeconds(10);
    @AutoClose
    static Appliance d4;

    /** A copy of the server image, started: for test classes that need nothing else before their tests. */
    static Appliance started() {
        try {
            return Appliance.fromImage(IMAGE).start();
        } catch (Exception e) {
            throw new IllegalStateException("the server image did not start", e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(IMAGE).start();
    }

    @Test
    void statusReportsReadyWithEveryBundleActive() throws Exception {
        Commands.Result status = d4.d4("status", Duration.ofSeconds(10));
        assertEquals(0, status.exitCode(), status.output());
        assertTrue(status.output().contains("ready"), status.output());
        JsonNode bundles = ConsoleBundles.all(d4);
        List<String> notActive = new ArrayList<>();
        for (JsonNode b : bundles.path("data")) {
            if (!"Active".equals(b.path("state").asText()) && !b.path("fragment").asBoolean()) {
                notActive.add(b.path("symbolicName").asText() + " " + b.path("state").asText());
            }
        }
        assertEquals(List.of(), notActive);
        assertTrue(bundles.path("data").size() >= 30, "the boot set has at least 30 bundles");
        for (String d4Bundle : List.of("d4-api", "d4-storage-mapdb", "d4-registry", "d4-tls", "d4-auth", "d4-health", "d4-webconsole")) {
            assertTrue(ConsoleBundles.find(d4, d4Bundle).isPresent(), d4Bundle + " installed under its own symbolic name");
        }
    }

    @Test
    void sensorPortRunsOnBoringSslLoadedFromItsBundle() throws Exception {
        assertTrue(log().contains("Sensor port TLS engine: OpenSSL"), "the native engine is in use");
        // the framework extracts the library from the fragment's Bundle-NativeCode into its cache
        Path maps = Path.of("/proc", Long.toString(d4.pid()), "maps");
        if (Files.isReadable(maps)) {
            String mapped = Files.readAllLines(maps).stream().filter(l -> l.contains("libnetty_tcnative")).findFirst().orElse("");
            assertTrue(mapped.contains(d4.home().toRealPath().resolve("data/cache").toString()), mapped);
        }
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) d4.trustingTls().getSocketFactory()
                    .createSocket("127.0.0.1", d4.sensorPort())) {
                socket.setEnabledProtocols(new String[] {protocol});
                socket.startHandshake();
                assertEquals(protocol, socket.getSession().getProtocol());
                assertTrue(socket.getSession().getCipherSuite().contains("_GCM_") || socket.getSession().getCipherSuite().contains("CHACHA20"),
                        socket.getSession().getCipherSuite());
            }
        }
    }

    @Test
    void consoleRefusesAnonymousAndDefaultCredentials() throws Exception {
        assertEquals(401, d4.get("/system/console/bundles", null).statusCode());
        assertEquals(401, d4.get("/system/console/bundles", "admin:admin").statusCode());
        assertEquals(401, d4.get("/system/console/bundles", "admin:" + d4.initialAdminPassword() + "x").statusCode());
        assertEquals(401, d4.get("/system/console/bundles", "nobody:" + d4.initialAdminPassword()).statusCode());
        assertEquals(200, d4.get("/system/console/bundles", d4.adminCredentials()).statusCode());
        assertTrue(d4.get("/system/console/bundles", null).headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    }

    @Test
    void generatedSecretsAreOwnerOnlyAndNeverLogged() throws Exception {
        for (String secret : List.of("data/initial-admin-password", "data/initial-admin-token", "etc/tls/server.key", "data/users.properties")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d4.home().resolve(secret))), secret);
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d4.home().resolve("data"))), "data/");
        String password = d4.initialAdminPassword();
        assertTrue(password.length() >= 16, "generated password is long");
        String log = d4.readLog();
        assertEquals(0, occurrences(log, password), "the generated password is not in the log");
        assertEquals(0, occurrences(log, d4.adminToken()), "the generated token is not in the log");
        assertTrue(log.contains("data/initial-admin-password (owner-only)"), "the log names the file instead");
        String users = Files.readString(d4.home().resolve("data/users.properties"));
        assertFalse(users.contains(password), "only a hash of the password is stored");
        assertTrue(users.contains("$2y$"), "bcrypt hash");
    }

    @Test
    void httpsUsesTheGeneratedCertificateOnLoopbackOnly() throws Exception {
        assertTrue(Files.exists(d4.home().resolve("etc/tls/server.crt")));
        // the client trusts only etc/tls/server.crt, so a 200 proves Jetty presents it
        assertEquals(200, d4.get("/system/console/d4-health", d4.adminCredentials()).statusCode());
        assertTrue(d4.readLog().contains("Generated a self-signed TLS certificate"));
        Optional<String> nonLoopback = java.net.NetworkInterface.networkInterfaces()
                .flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && a instanceof java.net.Inet4Address)
                .map(java.net.InetAddress::getHostAddress).findFirst();
        if (nonLoopback.isPresent()) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(nonLoopback.get(), d4.httpsPort()), 2000);
                throw new AssertionError("the console port answers on " + nonLoopback.get());
            } catch (java.io.IOException expected) {
                // refused: bound to 127.0.0.1 only
            }
        }
    }

    @Test
    void bundleDroppedIntoDeployIsInstalledUpdatedAndUninstalled() throws Exception {
        Path jar = d4.home().resolve("deploy/hot-sample.jar");
        long start = System.nanoTime();
        TestBundles.write(jar, "org.d4.test.hot", "1.0.0");
        assertTrue(Commands.eventually(HOT_DEPLOY_LIMIT, () -> isActive("org.d4.test.hot", "1.0.0")),
                "deployed bundle active within " + HOT_DEPLOY_LIMIT);
        System.out.printf("hot deploy: active after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        long id = ConsoleBundles.find(d4, "org.d4.test.hot").orElseThrow().id();

        TestBundles.write(jar, "org.d4.test.hot", "1.1.0");
        assertTrue(Commands.eventually(HOT_DEPLOY_LIMIT, () -> isActive("org.d4.test.hot", "1.1.0")), "replaced jar updates the bundle");
        assertEquals(id, ConsoleBundles.find(d4, "org.d4.test.hot").orElseThrow().id(), "updated in place, not reinstalled");

        Files.delete(jar);
        assertTrue(Commands.eventually(HOT_DEPLOY_LIMIT, () -> ConsoleBundles.find(d4, "org.d4.test.hot").isEmpty()),
                "deleted jar uninstalls the bundle");
        assertEquals(0, d4.d4("status", Duration.ofSeconds(10)).exitCode());
    }

    @Test
    void corruptJarIsReportedAndEverythingElseKeepsRunning() throws Exception {
        Path corrupt = d4.home().resolve("deploy/corrupt.jar");
        Files.write(corrupt, "PK this is not a zip file".getBytes());
        try {
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> healthPage().contains("corrupt.jar")),
                    "the health page lists the corrupt jar");
            assertTrue(healthPage().contains("corrupt jar"));
            assertTrue(Commands.eventually(Duration.ofSeconds(10), () -> log().contains("deployment corrupt.jar")), "logged");
            // and a good bundle deployed next to it still arrives
            Path good = TestBundles.write(d4.home().resolve("deploy/after-corrupt.jar"), "org.d4.test.after", "1.0.0");
            assertTrue(Commands.eventually(HOT_DEPLOY_LIMIT, () -> isActive("org.d4.test.after", "1.0.0")));
            Files.delete(good);
            assertEquals(0, d4.d4("status", Duration.ofSeconds(10)).exitCode(), "all bundles still active");
        } finally {
            Files.deleteIfExists(corrupt);
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> !healthPage().contains("corrupt.jar")), "problem clears when the file goes");
    }

    @Test
    void bundleThatCannotResolveIsReported() throws Exception {
        Path jar = TestBundles.write(d4.home().resolve("deploy/unresolvable.jar"), "org.d4.test.unresolvable", "1.0.0",
                Map.of("Import-Package", "org.d4.nowhere.to.be.found"));
        try {
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> healthPage().contains("org.d4.test.unresolvable")),
                    "the health page lists the bundle that cannot resolve");
            Commands.Result status = d4.d4("status", Duration.ofSeconds(10));
            assertEquals(1, status.exitCode(), "status is not 0 while a bundle is not active: " + status.output());
            assertTrue(status.output().contains("org.d4.test.unresolvable"), status.output());
        } finally {
            Files.delete(jar);
        }
        assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> statusCode() == 0), "status recovers when the jar is removed");
    }

    @Test
    void brokenConfigurationFileIsReportedAndEverythingElseKeepsRunning() throws Exception {
        Path broken = d4.home().resolve("etc/org.d4.test.broken.cfg");
        Files.writeString(broken, "count = I\"not a number\"\n");
        try {
            assertTrue(Commands.eventually(Duration.ofSeconds(20), () -> healthPage().contains("org.d4.test.broken.cfg")),
                    "the health page lists the broken configuration file");
            assertTrue(log().contains("org.d4.test.broken.cfg"), "logged");
            assertEquals(200, d4.get("/system/console/bundles", d4.adminCredentials()).statusCode());
            assertEquals(0, statusCode());
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void serverTarballHasTheImageLayout() throws Exception {
        Path target = IMAGE.getParent();
        try (var files = Files.list(target)) {
            Path tarball = files.filter(p -> p.getFileName().toString().matches("d4-server-.*\\.tar\\.gz")).findFirst().orElseThrow();
            Commands.Result listing = Commands.run(target, Map.of(), Duration.ofSeconds(60), "tar", "-tvzf", tarball.toString());
            assertEquals(0, listing.exitCode());
            for (String entry : List.of("/bin/d4", "/bundle/", "/deploy/", "/analyzers/", "/etc/config.properties",
                    "/etc/startup.properties", "/data/", "/logs/", "/lib/")) {
                assertTrue(listing.output().contains(entry), "tarball holds " + entry);
            }
            assertTrue(listing.output().lines().anyMatch(l -> l.endsWith("/bin/d4") && l.startsWith("-rwxr-xr-x")), "bin/d4 is executable");
            assertFalse(listing.output().contains("etc/tls/"), "no key material in the tarball");
        }
    }

    private static boolean isActive(String symbolicName, String version) {
        return ConsoleBundles.find(d4, symbolicName).filter(b -> b.version().equals(version) && b.state().equals("Active")).isPresent();
    }

    private static String healthPage() {
        try {
            return d4.get("/system/console/d4-health", d4.adminCredentials()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static String log() {
        try {
            return d4.readLog();
        } catch (Exception e) {
            return "";
        }
    }

    private static int statusCode() {
        try {
            return d4.d4("status", Duration.ofSeconds(10)).exitCode();
        } catch (Exception e) {
            return -1;
        }
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
