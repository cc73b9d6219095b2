// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS client context of an export: the certificates of a PEM file as its only trust anchors, or Java's trust store. */
final class TrustedCertificates {
    private TrustedCertificates() {
    }

    static SSLContext context(Optional<Path> caFile) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isEmpty()) {
                trust.init((KeyStore) null);
            } else {
                Collection<? extends Certificate> certificates;
                try (InputStream in = Files.newInputStream(caFile.get())) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certificates.isEmpty()) {
                    throw new IllegalArgumentException("ca.file " + caFile.get() + " holds no PEM certificate");
                }
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                int i = 0;
                for (Certificate c : certificates) {
                    anchors.setCertificateEntry("ca-" + i++, c);
                }
                trust.init(anchors);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("ca.file " + caFile.map(Path::toString).orElse("(Java trust store)") + " is not usable: " + e.getMessage(), e);
        }
    }
}
