// SPDX-License-Identifier: Apache-2.0
package org.d4.client.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.net.Socket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS set-ups of a sensor: no verification (as the reference sensors run), or a root CA file. */
public final class TlsContexts {
    private static final String AES_128_GCM = "TLS_AES_128_GCM_SHA256";

    private TlsContexts() {
    }

    /** Accepts any server certificate: the reference sensors' default ({@code socat ... verify=0}). */
    public static SSLContext trustingAnyServer() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAll()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    /** Trusts exactly the certificates in a PEM file. @throws IOException naming the file if it holds none or cannot be read */
    public static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IOException(pem + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + " is not a usable CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The JDK offers TLS_AES_256_GCM_SHA384 first; a BoringSSL server takes the client's TLS 1.3 order,
     * so AES-128-GCM goes first, as Go sensors with AES hardware offer it and the server prefers it.
     */
    public static String[] aes128First(String[] suites) {
        List<String> ordered = new ArrayList<>(List.of(suites));
        if (ordered.remove(AES_128_GCM)) {
            ordered.add(0, AES_128_GCM);
        }
        return ordered.toArray(String[]::new);
    }

    // extended, so that the JDK adds no host name check of its own around it
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a sensor is never asked for this
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepted on purpose: no verification unless asked for
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // a sensor is never asked for this
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // accepted on purpose
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // a sensor is never asked for this
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // accepted on purpose
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
