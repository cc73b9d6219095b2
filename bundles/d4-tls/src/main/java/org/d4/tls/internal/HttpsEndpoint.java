// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import org.d4.api.security.TlsIdentity;
import org.d4.common.ApplianceDirs;
import org.d4.common.SecretFiles;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the {@code d4.http} settings and the TLS identity into Felix HTTP's own configuration: HTTPS
 * only, on the configured address, with a PKCS#12 key store built from the PEM identity. Felix HTTP
 * needs a key store file; ours lives in {@code data/tls/} and keeps its password across restarts so
 * a persisted Felix HTTP configuration stays valid and Jetty is not restarted needlessly. What Felix
 * HTTP's configuration cannot express is added by {@link HttpsConnectionLimits} and {@link SecurityHeaders}.
 */
@Component(configurationPid = "d4.http", configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = HttpsEndpointConfig.class)
public final class HttpsEndpoint {
    static final String FELIX_HTTP_PID = "org.apache.felix.http";
    static final String KEYSTORE = "org.apache.felix.https.keystore";
    static final String KEYSTORE_PASSWORD = "org.apache.felix.https.keystore.password";
    private static final Logger LOG = LoggerFactory.getLogger(HttpsEndpoint.class);

    @Activate
    public HttpsEndpoint(BundleContext context, @Reference TlsIdentity identity, @Reference ConfigurationAdmin configAdmin,
            HttpsEndpointConfig config) throws IOException, GeneralSecurityException {
        ApplianceDirs dirs = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY));
        Path keystore = dirs.data().resolve("tls").resolve("https.p12");
        Configuration felixHttp = configAdmin.getConfiguration(FELIX_HTTP_PID, "?");
        Dictionary<String, Object> current = felixHttp.getProperties();
        String password = reusablePassword(current, keystore);
        Path truststore = keystore.resolveSibling("https-trust.jks");
        // writing a PKCS#12 store costs three 10,000-round key derivations, opening it two: the stamp next to
        // it answers at a restart; an image without a stamp yet opens the store once and stamps it
        KeyStoreStamp stamp = new KeyStoreStamp(keystore);
        Certificate leaf = identity.certificateChain().get(0);
        List<Path> stores = List.of(keystore, truststore);
        if (!stamp.matches(stores, password, leaf)) {
            if (!Files.exists(keystore) || !sameKeyMaterial(keystore, password, identity)) {
                Files.createDirectories(keystore.getParent());
                SecretFiles.writePrivate(keystore, pkcs12(identity, password.toCharArray()));
            }
            SecretFiles.writePublic(truststore, trustStore(leaf, password.toCharArray()));
            stamp.write(stores, password, leaf);
        }
        Dictionary<String, Object> wanted = new Hashtable<>();
        wanted.put("org.apache.felix.http.enable", false);
        wanted.put("org.apache.felix.https.enable", true);
        wanted.put("org.osgi.service.http.port.secure", config.port());
        wanted.put("org.apache.felix.http.host", config.bind());
        wanted.put(KEYSTORE, keystore.toString());
        wanted.put(KEYSTORE_PASSWORD, password);
        wanted.put("org.apache.felix.https.keystore.key.password", password);
        wanted.put("org.apache.felix.https.keystore.type", "PKCS12");
        // without a trust store Jetty opens the key store a second time as one, two more key derivations;
        // no client certificate is asked for, so it holds what Jetty took from the key store: our certificate
        wanted.put("org.apache.felix.https.truststore", truststore.toString());
        wanted.put("org.apache.felix.https.truststore.password", password);
        wanted.put("org.apache.felix.https.truststore.type", "JKS");
        wanted.put("org.apache.felix.http.session.timeout", config.session_timeout_min());
        // Jetty's idle timeout, which also ends a request whose client stops sending half-way
        wanted.put("org.apache.felix.http.timeout", config.idle_timeout_s() * 1000);
        wanted.put("org.apache.felix.http.jetty.sendServerHeader", false);
        // the console's login session: never sent over plain HTTP, never readable by scripts
        wanted.put("org.apache.felix.https.jetty.session.cookie.secure", true);
        wanted.put("org.apache.felix.https.jetty.session.cookie.httpOnly", true);
        if (!sameSettings(current, wanted)) {
            felixHttp.update(wanted);
            LOG.info("HTTPS console on https://{}:{}/system/console", hostForUrl(config.bind()), config.port());
        }
    }

    private static String reusablePassword(Dictionary<String, Object> current, Path keystore) {
        if (current != null && Files.exists(keystore) && keystore.toString().equals(current.get(KEYSTORE))
                && current.get(KEYSTORE_PASSWORD) instanceof String existing && !existing.isEmpty()) {
            return existing;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static byte[] pkcs12(TlsIdentity identity, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("d4", identity.privateKey(), password, identity.certificateChain().toArray(Certificate[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    /** Public certificates only: JKS checks its integrity with one SHA-1, where PKCS#12 derives keys twice. */
    private static byte[] trustStore(Certificate leaf, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("JKS");
        store.load(null, null);
        store.setCertificateEntry("d4", leaf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    private static boolean sameKeyMaterial(Path keystore, String password, TlsIdentity identity) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore existing = KeyStore.getInstance("PKCS12");
            existing.load(in, password.toCharArray());
            Certificate leaf = existing.getCertificate("d4");
            return leaf != null && leaf.equals(identity.certificateChain().get(0));
        } catch (IOException | GeneralSecurityException e) {
            return false;  // unreadable or from another identity: rebuild it
        }
    }

    private static boolean sameSettings(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        if (current == null) {
            return false;
        }
        for (var keys = wanted.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!Objects.equals(String.valueOf(wanted.get(key)), String.valueOf(current.get(key)))) {
                return false;
            }
        }
        return true;
    }

    private static String hostForUrl(String bind) {
        return bind.indexOf(':') >= 0 ? "[" + bind + "]" : bind;
    }
}
