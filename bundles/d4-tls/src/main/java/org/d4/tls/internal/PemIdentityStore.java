// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.d4.common.SecretFiles;

/**
 * Reads the appliance's TLS identity from a PEM certificate chain and a PEM private key, or creates
 * a self-signed one when neither file exists. Plain Java so it is tested without a framework.
 */
final class PemIdentityStore {

    /** What was loaded, and whether it was generated just now. */
    record Identity(PrivateKey privateKey, List<X509Certificate> chain, boolean generated) {}

    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final Path certificateFile;
    private final Path keyFile;

    PemIdentityStore(Path certificateFile, Path keyFile) {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
    }

    /**
     * Loads the identity, generating it first if neither file exists. A half-present identity (only
     * one of the two files) is an operator mistake and is refused rather than silently replaced.
     */
    Identity loadOrCreate(Set<String> subjectAltNames) throws IOException, GeneralSecurityException {
        boolean haveCert = Files.exists(certificateFile);
        boolean haveKey = Files.exists(keyFile);
        if (!haveCert && !haveKey) {
            Identity created = generate(subjectAltNames);
            write(created);
            return created;
        }
        if (haveCert != haveKey) {
            throw new GeneralSecurityException("TLS identity incomplete: " + (haveCert ? keyFile : certificateFile)
                    + " is missing; supply both a PEM certificate and its key, or remove both to have them generated");
        }
        return load();
    }

    Identity load() throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = readChain();
        PrivateKey key = readKey();
        if (!publicKeyMatches(key, chain.get(0))) {
            throw new GeneralSecurityException("the private key in " + keyFile
                    + " does not belong to the certificate in " + certificateFile);
        }
        return new Identity(key, chain, false);
    }

    private List<X509Certificate> readChain() throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(certificateFile)) {
            factory.generateCertificates(in).forEach(c -> chain.add((X509Certificate) c));
        } catch (java.security.cert.CertificateException e) {
            throw new GeneralSecurityException("cannot read a PEM certificate from " + certificateFile + ": " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certificateFile);
        }
        return List.copyOf(chain);
    }

    private PrivateKey readKey() throws IOException, GeneralSecurityException {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 and bad DER as unchecked exceptions
            throw new GeneralSecurityException("cannot read a PEM private key from " + keyFile + ": " + e.getMessage(), e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            throw new GeneralSecurityException("cannot use the private key in " + keyFile + ": " + e.getMessage(), e);
        }
        String found = parsed == null ? "nothing" : parsed.getClass().getSimpleName();
        throw new GeneralSecurityException("expected an unencrypted PEM private key (PKCS#8, EC or RSA) in " + keyFile
                + " but found " + found);
    }

    private static boolean publicKeyMatches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        if (!key.getAlgorithm().equalsIgnoreCase(certificate.getPublicKey().getAlgorithm())
                && !(isEc(key.getAlgorithm()) && isEc(certificate.getPublicKey().getAlgorithm()))) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
        };
        byte[] probe = "d4-key-check".getBytes(StandardCharsets.US_ASCII);
        java.security.Signature signer = java.security.Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private static boolean isEc(String algorithm) {
        return "EC".equalsIgnoreCase(algorithm) || "ECDSA".equalsIgnoreCase(algorithm);
    }

    private static Identity generate(Set<String> subjectAltNames) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=D4 appliance,O=D4");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(subjectAltNames));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            return new Identity(pair.getPrivate(), List.of(certificate), true);
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create the self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralNames alternativeNames(Set<String> names) {
        Set<String> all = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        all.addAll(names);
        List<GeneralName> general = new ArrayList<>();
        for (String name : all) {
            boolean isAddress = name.indexOf(':') >= 0 || name.matches("[0-9.]+");
            general.add(new GeneralName(isAddress ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(general.toArray(GeneralName[]::new));
    }

    private void write(Identity identity) throws IOException {
        Files.createDirectories(certificateFile.toAbsolutePath().getParent());
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        SecretFiles.writePrivate(keyFile, pem(new JcaPKCS8Generator(identity.privateKey(), null)));
        SecretFiles.writePublic(certificateFile, pem(identity.chain().get(0)));
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The host's own name, when it has one, so browsers on the LAN see a matching certificate. */
    static Set<String> localHostNames() {
        Set<String> names = new LinkedHashSet<>();
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no resolvable host name: localhost and loopback addresses are still in the certificate
        }
        return names;
    }
}
