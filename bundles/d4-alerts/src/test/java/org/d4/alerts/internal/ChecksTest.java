// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.d4.api.alert.Alert.Kind;
import org.d4.api.alert.Alert.Severity;
import org.d4.api.analyzer.AnalyzerStatus;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksTest {
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    static final UUID Q = UUID.fromString("3f0d0c1e-8d4a-4b7e-9a51-0c6d2b1e4f11");

    @TempDir
    Path dir;

    static QueueInfo queue(long length, int max, long dropped) {
        return new QueueInfo(Q, QueueSelector.of(8), "pdns", max, Optional.empty(), length, 0, 0, dropped, 0, Optional.empty());
    }

    static QueueChecks queueChecks() {
        return new QueueChecks(0.8, new RecentEvents(Duration.ofSeconds(600), 1, 100), new RecentEvents(Duration.ofSeconds(600), 1, 100));
    }

    @Test
    void aFillingQueueIsRaisedAboveTheRatioAndKeptDownToNinetyPercentOfIt() {
        QueueChecks checks = queueChecks();
        assertEquals(List.of(), checks.checkQueues(List.of(queue(800, 1000, 0)), k -> false, T0), "at the ratio: not yet");
        List<Condition> above = checks.checkQueues(List.of(queue(801, 1000, 0)), k -> false, T0);
        assertEquals(Kind.QUEUE_FILLING, above.get(0).kind());
        assertEquals(Severity.WARNING, above.get(0).severity());
        assertEquals(1, checks.checkQueues(List.of(queue(730, 1000, 0)), k -> true, T0).size(), "active, above 90 % of the ratio");
        assertEquals(0, checks.checkQueues(List.of(queue(719, 1000, 0)), k -> true, T0).size(), "active, below it: resolved");
        assertEquals(Severity.CRITICAL, checks.checkQueues(List.of(queue(1000, 1000, 0)), k -> false, T0).get(0).severity(), "full");
    }

    @Test
    void dropsAreNewsOnlyAfterTheFirstCheckAndLastTheWindow() {
        QueueChecks checks = queueChecks();
        assertEquals(List.of(), checks.checkQueues(List.of(queue(0, 1000, 500)), k -> false, T0), "dropped before we looked");
        List<Condition> dropping = checks.checkQueues(List.of(queue(0, 1000, 501)), k -> false, T0.plusSeconds(30));
        assertEquals(Kind.QUEUE_DROPPING, dropping.get(0).kind());
        assertEquals(1, checks.checkQueues(List.of(queue(0, 1000, 501)), k -> false, T0.plusSeconds(600)).size(), "within the window");
        assertEquals(0, checks.checkQueues(List.of(queue(0, 1000, 501)), k -> false, T0.plusSeconds(631)).size(), "quiet for the window");
    }

    @Test
    void analyzersFailingAndWithDeadLetters() {
        QueueChecks checks = queueChecks();
        assertEquals(List.of(), checks.checkAnalyzers(List.of(analyzer(4, 0)), T0));
        List<Condition> failing = checks.checkAnalyzers(List.of(analyzer(6, 2)), T0.plusSeconds(30));
        assertEquals(Set.of(Kind.ANALYZER_FAILING, Kind.ANALYZER_DEAD_LETTERS), Set.copyOf(failing.stream().map(Condition::kind).toList()));
        assertTrue(failing.stream().anyMatch(c -> c.message().contains("boom")), failing.toString());
        assertEquals(List.of(), checks.checkAnalyzers(List.of(analyzer(6, 0)), T0.plusSeconds(700)), "quiet and letters handled");
    }

    static AnalyzerStatus analyzer(long failures, long deadLetters) {
        return new AnalyzerStatus("pdns", true, "analyzer-passivedns", 42, Q, 0, 100, failures, deadLetters, 0, Optional.of("boom"),
                Optional.empty());
    }

    @Test
    void freeSpaceBelowEitherThreshold() throws Exception {
        assertEquals(Optional.empty(), new SystemChecks(0, 0, 30).disk(dir));
        Condition percent = new SystemChecks(0, 100, 30).disk(dir).orElseThrow();
        assertEquals(Kind.DISK_SPACE, percent.kind());
        assertTrue(percent.message().contains("alert below 0 MB or 100 %"), percent.message());
        assertTrue(new SystemChecks(Long.MAX_VALUE >> 21, 0, 30).disk(dir).isPresent(), "more MB than any disk has");
    }

    @Test
    void aCertificateMadeByKeytoolExpiresWithinTheWarningOrNot() throws Exception {
        X509Certificate tenDays = keytoolCertificate(10);
        Instant now = Instant.now();
        Condition soon = new SystemChecks(0, 0, 30).certificate(List.of(tenDays), "ab:cd", now).orElseThrow();
        assertEquals(Kind.CERTIFICATE_EXPIRY, soon.kind());
        assertEquals(Severity.WARNING, soon.severity());
        assertTrue(soon.message().contains("CN=d4 test"), soon.message());
        assertEquals(Optional.empty(), new SystemChecks(0, 0, 5).certificate(List.of(tenDays), "ab:cd", now));
        assertEquals(Severity.CRITICAL, new SystemChecks(0, 0, 5).certificate(List.of(tenDays), "ab:cd", now.plus(Duration.ofDays(11)))
                .orElseThrow().severity(), "expired");
    }

    X509Certificate keytoolCertificate(int days) throws Exception {
        Path store = dir.resolve("test.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "t", "-keyalg", "EC", "-dname", "CN=d4 test",
                "-validity", Integer.toString(days), "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool made the certificate");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) ks.getCertificate("t");
    }
}
