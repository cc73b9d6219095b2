// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreStampTest {
    @TempDir
    Path dir;
    Path store;
    Path trust;
    List<Path> stores;
    X509Certificate leaf;

    @BeforeEach
    void storeOnDisk() throws Exception {
        store = dir.resolve("https.p12");
        Files.write(store, new byte[] {1, 2, 3, 4});
        trust = dir.resolve("https-trust.jks");
        Files.write(trust, new byte[] {5, 6});
        stores = List.of(store, trust);
        leaf = selfSigned("CN=one");
    }

    @Test
    void matchesWhatItStamped() throws Exception {
        new KeyStoreStamp(store).write(stores, "secret", leaf);
        assertTrue(new KeyStoreStamp(store).matches(stores, "secret", leaf));
        assertTrue(Files.exists(dir.resolve("https.p12.sha256")));
    }

    @Test
    void noStampNoMatch() {
        assertFalse(new KeyStoreStamp(store).matches(stores, "secret", leaf));
    }

    @Test
    void anotherStoreFileDoesNotMatch() throws Exception {
        KeyStoreStamp stamp = new KeyStoreStamp(store);
        stamp.write(stores, "secret", leaf);
        Files.write(store, new byte[] {1, 2, 3, 5});
        assertFalse(stamp.matches(stores, "secret", leaf));
        Files.write(store, new byte[] {1, 2, 3, 4});
        assertTrue(stamp.matches(stores, "secret", leaf));
        Files.write(trust, new byte[] {5, 7});
        assertFalse(stamp.matches(stores, "secret", leaf));
        Files.delete(trust);
        assertFalse(stamp.matches(stores, "secret", leaf));
    }

    @Test
    void anotherPasswordOrCertificateDoesNotMatch() throws Exception {
        KeyStoreStamp stamp = new KeyStoreStamp(store);
        stamp.write(stores, "secret", leaf);
        assertFalse(stamp.matches(stores, "secret2", leaf));
        assertFalse(stamp.matches(stores, "secret", selfSigned("CN=two")));
    }

    @Test
    void aDamagedStampDoesNotMatch() throws Exception {
        KeyStoreStamp stamp = new KeyStoreStamp(store);
        stamp.write(stores, "secret", leaf);
        Files.writeString(dir.resolve("https.p12.sha256"), "00");
        assertFalse(stamp.matches(stores, "secret", leaf));
    }

    private static X509Certificate selfSigned(String subject) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name(subject);
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
