// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * One X.509 certificate as seen in a TLS Certificate message: its DER and the fields an analyst looks
 * at. Names are in RFC 2253/4514 order (most specific first, as {@code openssl -nameopt RFC2253}
 * prints them); the serial is upper-case hex of its two's-complement bytes; digests are lower-case
 * hex. {@code keySize} is the RSA/DSA modulus or EC field size in bits, 0 if unknown. {@code der} is
 * the record's own array, shared by every handshake that sent this certificate: do not modify it.
 */
public record CertificateInfo(byte[] der, String sha1, String sha256, String subject, String issuer, String serial,
                              Instant notBefore, Instant notAfter, List<String> subjectAlternativeNames,
                              String keyAlgorithm, int keySize, boolean selfSigned) {

    /** Parses one DER certificate; a certificate BouncyCastle cannot read is a {@link TlsFormatException}. */
    public static CertificateInfo parse(byte[] der) throws TlsFormatException {
        X509CertificateHolder holder;
        try {
            holder = new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw new TlsFormatException("unreadable certificate: " + e.getMessage());
        }
        String subject = rfc2253(holder.getSubject());
        String issuer = rfc2253(holder.getIssuer());
        SubjectPublicKeyInfo keyInfo = holder.getSubjectPublicKeyInfo();
        String algorithm = keyInfo.getAlgorithm().getAlgorithm().getId();
        int size = 0;
        PublicKey key = publicKey(keyInfo);
        if (key != null) {
            algorithm = key.getAlgorithm();
            size = keySize(key);
        }
        boolean selfSigned = holder.getSubject().equals(holder.getIssuer()) && key != null && signedBy(holder, key);
        return new CertificateInfo(der.clone(), Digests.hex("SHA-1", der), Digests.hex("SHA-256", der), subject, issuer,
                HexFormat.of().withUpperCase().formatHex(holder.getSerialNumber().toByteArray()),
                holder.getNotBefore().toInstant(), holder.getNotAfter().toInstant(), alternativeNames(holder),
                algorithm, size, selfSigned);
    }

    private static String rfc2253(X500Name name) {
        org.bouncycastle.asn1.x500.RDN[] rdns = name.getRDNs();
        org.bouncycastle.asn1.x500.RDN[] reversed = new org.bouncycastle.asn1.x500.RDN[rdns.length];
        for (int i = 0; i < rdns.length; i++) {
            reversed[i] = rdns[rdns.length - 1 - i];
        }
        return new X500Name(BCStyle.INSTANCE, reversed).toString();
    }

    private static PublicKey publicKey(SubjectPublicKeyInfo info) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "DSA", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
            } catch (GeneralSecurityException | IOException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        return null;
    }

    private static int keySize(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa) {
            return dsa.getParams().getP().bitLength();
        }
        return switch (key.getAlgorithm()) {
            case "Ed25519", "EdDSA" -> 255;
            case "Ed448" -> 448;
            default -> 0;
        };
    }

    private static boolean signedBy(X509CertificateHolder holder, PublicKey key) {
        try {
            return holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | org.bouncycastle.cert.CertException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> alternativeNames(X509CertificateHolder holder) {
        List<String> names = new ArrayList<>();
        Extension extension = holder.getExtension(Extension.subjectAlternativeName);
        if (extension == null) {
            return names;
        }
        try {
            for (GeneralName name : GeneralNames.getInstance(extension.getParsedValue()).getNames()) {
                names.add(describe(name));
            }
        } catch (RuntimeException e) {
            names.add("unreadable");
        }
        return List.copyOf(names);
    }

    private static String describe(GeneralName name) {
        ASN1Encodable value = name.getName();
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + ((ASN1String) value).getString();
            case GeneralName.rfc822Name -> "email:" + ((ASN1String) value).getString();
            case GeneralName.uniformResourceIdentifier -> "URI:" + ((ASN1String) value).getString();
            case GeneralName.iPAddress -> "IP:" + address(ASN1OctetString.getInstance(value).getOctets());
            case GeneralName.directoryName -> "DirName:" + rfc2253(X500Name.getInstance(value));
            default -> "other:" + name.getTagNo();
        };
    }

    private static String address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return new BigInteger(1, octets).toString(16);
        }
    }
}
