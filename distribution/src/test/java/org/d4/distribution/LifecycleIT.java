// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.Test;

/** Start, stop, restart, kill and first-start rules, each on its own fresh copy of the image. */
class LifecycleIT {

    @Test
    void stopsCleanlyWithinTenSecondsAndRestartKeepsCredentialsAndCertificate() throws Exception {
        try (Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).start()) {
            String credentials = d4.adminCredentials();
            String certificate = Files.readString(d4.home().resolve("etc/tls/server.crt"));
            long pid = d4.pid();
            assertTrue(consoleConfig(d4, "d4.health", null).contains("\"Check interval (seconds)\""), "metatype shown in the console");
            consoleConfig(d4, "d4.health", "apply=true&action=ajaxConfigManager&propertylist=check.interval.s&check.interval.s=7");

            Commands.Result stop = d4.d4("stop", Duration.ofSeconds(30));
            assertEquals(0, stop.exitCode(), stop.output());
            assertTrue(stop.took().compareTo(Duration.ofSeconds(10)) < 0, "clean stop took " + stop.took());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process gone");
            assertEquals("stopped", d4.statusFile().getProperty("state"));
            assertEquals(3, d4.d4("status", Duration.ofSeconds(10)).exitCode(), "status of a stopped appliance");
            assertFalse(d4.readLog().contains("did not stop"), "no bundle hung on stop");
            Path archive = classDataArchive(d4);
            assertTrue(Files.size(archive) > 1_000_000, "the first stop wrote the class-data archive " + archive);

            Commands.Result start = d4.d4("start", Duration.ofSeconds(90));
            assertEquals(0, start.exitCode(), start.output());
            assertTrue(Files.readString(Path.of("/proc", Long.toString(d4.pid()), "maps")).contains(archive.toString()),
                    "the restart maps the archive");
            assertEquals(archive, classDataArchive(d4), "the restart keeps the archive");
            assertEquals(200, d4.get("/system/console/bundles", credentials).statusCode(), "same password after restart");
            assertEquals(certificate, Files.readString(d4.home().resolve("etc/tls/server.crt")), "same certificate after restart");
            assertEquals(1, ServerImageIT.occurrences(d4.readLog(), "Created user 'admin'"), "admin created once only");
            assertTrue(consoleConfig(d4, "d4.health", null).matches("(?s).*\"value\":\"?7\"?[,}].*"), "a console edit survives a restart");
        }
    }

    @Test
    void survivesKillNine() throws Exception {
        try (Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).start()) {
            String credentials = d4.adminCredentials();
            ProcessHandle process = ProcessHandle.of(d4.pid()).orElseThrow();
            assertTrue(Commands.run(d4.home(), java.util.Map.of(), Duration.ofSeconds(10), "kill", "-9", Long.toString(process.pid())).exitCode() == 0);
            process.onExit().get();
            assertEquals(3, d4.d4("status", Duration.ofSeconds(10)).exitCode(), "a killed appliance is reported as not running");
            Commands.Result start = d4.d4("start", Duration.ofSeconds(90));
            assertEquals(0, start.exitCode(), start.output());
            assertEquals(200, d4.get("/system/console/bundles", credentials).statusCode());
        }
    }

    @Test
    void adminPasswordFromEnvironmentIsUsedAndNotWrittenAnywhere() throws Exception {
        String password = "Correct-Horse-" + System.nanoTime();
        try (Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_ADMIN_PASSWORD", password).start()) {
            assertEquals(200, d4.get("/system/console/bundles", "admin:" + password).statusCode());
            assertEquals(401, d4.get("/system/console/bundles", "admin:admin").statusCode());
            assertFalse(Files.exists(d4.home().resolve("data/initial-admin-password")), "no generated password file");
            assertFalse(d4.readLog().contains(password), "the operator's password is not logged");
        }
    }

    @Test
    void adminAsAdminPasswordIsRefusedEvenFromTheEnvironment() throws Exception {
        try (Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_ADMIN_PASSWORD", "admin").start()) {
            assertEquals(401, d4.get("/system/console/bundles", "admin:admin").statusCode());
            assertTrue(d4.readLog().contains("D4_ADMIN_PASSWORD is ignored"));
            assertEquals(200, d4.get("/system/console/bundles", "admin:" + d4.initialAdminPassword()).statusCode());
        }
    }

    @Test
    void operatorSuppliedCertificateIsUsedAsIs() throws Exception {
        Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).prepare();
        try (d4) {
            X509Certificate supplied = writeOperatorIdentity(d4.home().resolve("etc/tls"));
            assertEquals(0, d4.d4("start", Duration.ofSeconds(90)).exitCode());
            var request = java.net.http.HttpRequest.newBuilder(d4.uri("/system/console/bundles")).GET().build();
            var response = d4.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
            SSLSession session = response.sslSession().orElseThrow();
            assertEquals(supplied, session.getPeerCertificates()[0], "Jetty presents the operator's certificate");
            assertFalse(d4.readLog().contains("Generated a self-signed TLS certificate"));
        }
    }

    @Test
    void incompleteOperatorIdentityKeepsHttpsClosedAndSaysWhy() throws Exception {
        Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).startTimeout(Duration.ofSeconds(15)).prepare();
        try (d4) {
            writeOperatorIdentity(d4.home().resolve("etc/tls"));
            Files.delete(d4.home().resolve("etc/tls/server.key"));
            Commands.Result start = d4.d4("start", Duration.ofSeconds(60));
            assertEquals(1, start.exitCode(), "not ready without a TLS identity: " + start.output());
            assertTrue(d4.readLog().contains("TLS identity incomplete"), "the log says what is missing");
            assertFalse(Files.exists(d4.home().resolve("etc/tls/server.key")), "the operator's files are not replaced");
        }
    }

    @Test
    void twoCopiesRunSideBySideOnDifferentPorts() throws Exception {
        try (Appliance first = Appliance.fromImage(ServerImageIT.IMAGE).start();
                Appliance second = Appliance.fromImage(ServerImageIT.IMAGE).start()) {
            assertTrue(first.httpsPort() != second.httpsPort());
            assertEquals(200, first.get("/system/console/bundles", first.adminCredentials()).statusCode());
            assertEquals(200, second.get("/system/console/bundles", second.adminCredentials()).statusCode());
            assertEquals(0, first.d4("status", Duration.ofSeconds(10)).exitCode());
            assertEquals(0, second.d4("status", Duration.ofSeconds(10)).exitCode());
            assertEquals(0, first.d4("stop", Duration.ofSeconds(30)).exitCode());
            assertEquals(0, second.d4("status", Duration.ofSeconds(10)).exitCode(), "stopping one leaves the other running");
        }
    }

    /** The one class-data archive bin/d4 keeps in data/. */
    private static Path classDataArchive(Appliance d4) throws java.io.IOException {
        try (var files = Files.list(d4.home().resolve("data"))) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().matches("classes-[0-9]+\\.jsa")).toList();
            assertEquals(1, archives.size(), "class-data archives in data/: " + archives);
            return archives.get(0);
        }
    }

    /** POSTs to the console's configuration manager, as its Configuration page does; returns the answer. */
    private static String consoleConfig(Appliance d4, String pid, String form) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(d4.uri("/system/console/configMgr/" + pid))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(d4.adminCredentials().getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form == null ? "" : form)).build();
        var response = d4.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 200 || response.statusCode() == 302, "configMgr answered " + response.statusCode());
        return response.body();
    }

    private static X509Certificate writeOperatorIdentity(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=operator supplied");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        Files.writeString(dir.resolve("server.crt"), pem(certificate));
        Files.writeString(dir.resolve("server.key"), pem(pair.getPrivate()));
        return certificate;
    }

    private static String pem(Object object) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
