// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class PemIdentityStoreTest {
    @TempDir
    Path dir;

    private Path cert() {
        return dir.resolve("etc/tls/server.crt");
    }

    private Path key() {
        return dir.resolve("etc/tls/server.key");
    }

    private PemIdentityStore store() {
        return new PemIdentityStore(cert(), key());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void generatesBothFilesWhenNeitherExists() throws Exception {
        PemIdentityStore.Identity identity = store().loadOrCreate(Set.of("d4.example.org", "10.1.2.3"));

        assertTrue(identity.generated());
        assertEquals(1, identity.chain().size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key())));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert())));
        assertTrue(Files.readString(key()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(cert()).startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(belongTogether(identity.privateKey(), identity.chain().get(0)));
    }

    @Test
    void generatedCertificateNamesLoopbackAndExtraNames() throws Exception {
        X509Certificate certificate = store().loadOrCreate(Set.of("d4.example.org", "10.1.2.3")).chain().get(0);

        Set<String> dns = altNames(certificate, 2);
        Set<String> ip = altNames(certificate, 7);
        assertEquals(Set.of("localhost", "d4.example.org"), dns);
        assertTrue(ip.contains("127.0.0.1"), ip::toString);
        assertTrue(ip.contains("10.1.2.3"), ip::toString);
        assertTrue(ip.stream().anyMatch(a -> a.equals("0:0:0:0:0:0:0:1") || a.equals("::1")), ip::toString);
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        certificate.checkValidity();
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void loadsWhatItGenerated() throws Exception {
        PemIdentityStore.Identity created = store().loadOrCreate(Set.of());
        PemIdentityStore.Identity loaded = store().loadOrCreate(Set.of("other.example.org"));

        assertFalse(loaded.generated());
        assertEquals(created.chain(), loaded.chain());
        assertArrayEquals(created.privateKey().getEncoded(), loaded.privateKey().getEncoded());
    }

    @Test
    void onlyCertificatePresentIsRefusedAndKeyNotCreated() throws Exception {
        store().loadOrCreate(Set.of());
        Files.delete(key());
        String before = Files.readString(cert());

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().loadOrCreate(Set.of()));
        assertTrue(e.getMessage().contains(key().toString()), e.getMessage());
        assertFalse(Files.exists(key()));
        assertEquals(before, Files.readString(cert()));
    }

    @Test
    void onlyKeyPresentIsRefusedAndCertificateNotCreated() throws Exception {
        store().loadOrCreate(Set.of());
        Files.delete(cert());

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().loadOrCreate(Set.of()));
        assertTrue(e.getMessage().contains(cert().toString()), e.getMessage());
        assertFalse(Files.exists(cert()));
    }

    @Test
    void keyOfAnotherCertificateIsRefused() throws Exception {
        store().loadOrCreate(Set.of());
        Path otherDir = dir.resolve("other");
        new PemIdentityStore(otherDir.resolve("c.pem"), otherDir.resolve("k.pem")).loadOrCreate(Set.of());
        Files.copy(otherDir.resolve("k.pem"), key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().loadOrCreate(Set.of()));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void garbageKeyFileIsRefusedNamingTheFile() throws Exception {
        store().loadOrCreate(Set.of());
        Files.writeString(key(), "this is not a key\n");

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().load());
        assertTrue(e.getMessage().contains(key().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("private key"), e.getMessage());
    }

    @Test
    void truncatedKeyIsRefusedWithReadableMessage() throws Exception {
        store().loadOrCreate(Set.of());
        Files.writeString(key(), "-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n");

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().load());
        assertTrue(e.getMessage().contains(key().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("PRIVATE KEY"), e.getMessage());
    }

    @Test
    void keyWithInvalidBase64IsRefusedNamingTheFile() throws Exception {
        store().loadOrCreate(Set.of());
        Files.writeString(key(), "-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n");

        Exception e = assertThrows(Exception.class, () -> store().load());
        assertTrue(e instanceof IOException || e instanceof GeneralSecurityException, e.toString());
        assertTrue(e.getMessage().contains(key().toString()), e.getMessage());
    }

    @Test
    void keyOfAnotherAlgorithmIsRefusedAsNotBelonging() throws Exception {
        store().loadOrCreate(Set.of());
        Files.writeString(key(), pem(new JcaPKCS8Generator(rsa().getPrivate(), null)), StandardCharsets.US_ASCII);

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().load());
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void certificateInTheKeyFileIsRefused() throws Exception {
        store().loadOrCreate(Set.of());
        Files.copy(cert(), key(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().load());
        assertTrue(e.getMessage().contains("expected an unencrypted PEM private key"), e.getMessage());
    }

    @Test
    void garbageCertificateFileIsRefusedNamingTheFile() throws Exception {
        store().loadOrCreate(Set.of());
        Files.writeString(cert(), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().load());
        assertTrue(e.getMessage().contains(cert().toString()), e.getMessage());
    }

    @Test
    void emptyCertificateFileIsRefused() throws Exception {
        store().loadOrCreate(Set.of());
        Files.writeString(cert(), "");

        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> store().load());
        assertTrue(e.getMessage().contains(cert().toString()), e.getMessage());
    }

    @Test
    void loadsRsaPkcs8KeyWithChain() throws Exception {
        KeyPair pair = rsa();
        X509Certificate leaf = selfSigned(pair, "CN=leaf");
        X509Certificate extra = selfSigned(rsa(), "CN=ca");
        Files.createDirectories(key().getParent());
        Files.writeString(key(), pem(new JcaPKCS8Generator(pair.getPrivate(), null)), StandardCharsets.US_ASCII);
        Files.writeString(cert(), pem(leaf) + pem(extra), StandardCharsets.US_ASCII);

        PemIdentityStore.Identity identity = store().loadOrCreate(Set.of());

        assertFalse(identity.generated());
        assertEquals("RSA", identity.privateKey().getAlgorithm());
        assertEquals(List.of(leaf, extra), identity.chain());
    }

    @Test
    void loadsTraditionalRsaKey() throws Exception {
        KeyPair pair = rsa();
        Files.createDirectories(key().getParent());
        Files.writeString(key(), pem(pair.getPrivate()), StandardCharsets.US_ASCII);  // BEGIN RSA PRIVATE KEY
        Files.writeString(cert(), pem(selfSigned(pair, "CN=leaf")), StandardCharsets.US_ASCII);

        assertEquals("RSA", store().load().privateKey().getAlgorithm());
    }

    @Test
    void fingerprintIsColonSeparatedUpperCaseSha256() throws Exception {
        X509Certificate certificate = store().loadOrCreate(Set.of()).chain().get(0);
        String fingerprint = TlsIdentityProvider.sha256Fingerprint(certificate);

        assertTrue(fingerprint.matches("[0-9A-F]{2}(:[0-9A-F]{2}){31}"), fingerprint);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        assertEquals(String.format("%02X", digest[0]), fingerprint.substring(0, 2));
        assertEquals(fingerprint, TlsIdentityProvider.sha256Fingerprint(certificate));
    }

    private static Set<String> altNames(X509Certificate certificate, int type) throws Exception {
        return certificate.getSubjectAlternativeNames().stream()
                .filter(n -> (Integer) n.get(0) == type)
                .map(n -> (String) n.get(1))
                .collect(Collectors.toSet());
    }

    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) throws Exception {
        byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);  // small: only the format matters here, and tests stay fast
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair pair, String subject) throws Exception {
        X500Name name = new X500Name(subject);
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
