// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.d4.api.security.TlsIdentity;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the appliance's TLS identity, creating it at first start. */
@Component(configurationPid = "d4.tls", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TlsIdentityConfig.class)
public final class TlsIdentityProvider implements TlsIdentity {
    private static final Logger LOG = LoggerFactory.getLogger(TlsIdentityProvider.class);

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final Path certificateFile;
    private final String fingerprint;

    @Activate
    public TlsIdentityProvider(BundleContext context, TlsIdentityConfig config) throws IOException, GeneralSecurityException {
        ApplianceDirs dirs = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY));
        certificateFile = dirs.resolve(config.certificate_file());
        Path keyFile = dirs.resolve(config.key_file());
        Set<String> names = new LinkedHashSet<>(PemIdentityStore.localHostNames());
        names.addAll(List.of(config.subject_alt_names()));
        PemIdentityStore.Identity identity;
        try {
            identity = new PemIdentityStore(certificateFile, keyFile).loadOrCreate(names);
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("TLS identity unavailable, HTTPS and the sensor port stay closed: {}", e.getMessage());
            throw e;
        }
        privateKey = identity.privateKey();
        chain = identity.chain();
        fingerprint = sha256Fingerprint(chain.get(0));
        if (identity.generated()) {
            LOG.info("Generated a self-signed TLS certificate in {} (SHA-256 {})", certificateFile, fingerprint);
        } else {
            LOG.info("Using the TLS certificate {} (subject {}, SHA-256 {})", certificateFile,
                    chain.get(0).getSubjectX500Principal().getName(), fingerprint);
        }
    }

    static String sha256Fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    @Override
    public PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public Path certificateFile() {
        return certificateFile;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }
}
