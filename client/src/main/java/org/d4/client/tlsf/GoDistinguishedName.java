// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A certificate's issuer or subject written the way Go's {@code pkix.Name.String()} writes it, which
 * the Go sensor hashes into its TLSH: the well-known attributes in a fixed order whatever their order
 * in the certificate ({@code SERIALNUMBER, CN, OU, O, POSTALCODE, STREET, L, ST, C}; several values of
 * one joined with {@code +}; only the last CN and serial number), then the other attributes, last
 * first, as {@code <oid>=#<hex of the value re-encoded in DER>}. Values are escaped as RFC 4514 asks.
 */
final class GoDistinguishedName {
    private static final String PREFIX = "2.5.4.";
    /** Go's order before it reverses the sequence: country first, so the string starts with the serial number. */
    private static final Map<String, String> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put("6", "C");
        KNOWN.put("8", "ST");
        KNOWN.put("7", "L");
        KNOWN.put("9", "STREET");
        KNOWN.put("17", "POSTALCODE");
        KNOWN.put("10", "O");
        KNOWN.put("11", "OU");
        KNOWN.put("3", "CN");
        KNOWN.put("5", "SERIALNUMBER");
    }

    private GoDistinguishedName() {
    }

    static String of(X500Name name) {
        Map<String, List<String>> known = new LinkedHashMap<>();
        KNOWN.keySet().forEach(k -> known.put(k, new ArrayList<>()));
        List<String> others = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                String oid = atv.getType().getId();
                String arc = oid.startsWith(PREFIX) ? oid.substring(PREFIX.length()) : null;
                if (arc != null && KNOWN.containsKey(arc)) {
                    String value = goString(atv.getValue());
                    if (value != null) {
                        List<String> values = known.get(arc);
                        if (arc.equals("3") || arc.equals("5")) {
                            values.clear();     // Go keeps one common name and one serial number: the last
                        }
                        values.add(value);
                    }
                } else {
                    others.add(oid + "=#" + HexFormat.of().formatHex(goDer(atv.getValue())));
                }
            }
        }
        // Go's sequence: the others, then the known ones in KNOWN's order; printed from its end
        List<String> sequence = new ArrayList<>(others);
        known.forEach((arc, values) -> {
            if (!values.isEmpty()) {
                List<String> parts = new ArrayList<>();
                values.forEach(v -> parts.add(KNOWN.get(arc) + "=" + escape(v)));
                sequence.add(String.join("+", parts));
            }
        });
        StringBuilder s = new StringBuilder();
        for (int i = sequence.size() - 1; i >= 0; i--) {
            s.append(sequence.get(i));
            if (i > 0) {
                s.append(',');
            }
        }
        return s.toString();
    }

    /** The string types Go's ASN.1 reader turns into a string; other values it leaves aside. */
    private static String goString(ASN1Encodable value) {
        ASN1Primitive p = value.toASN1Primitive();
        if (p instanceof DERUTF8String || p instanceof DERPrintableString || p instanceof DERIA5String || p instanceof DERT61String
                || p instanceof DERNumericString || p instanceof DERBMPString) {
            return ((ASN1String) p).getString();
        }
        return null;
    }

    /** Go re-encodes a string value as PrintableString when it can, else UTF8String; anything else as it was. */
    private static byte[] goDer(ASN1Encodable value) {
        String text = goString(value);
        try {
            if (text == null) {
                return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
            }
            return (printable(text) ? new DERPrintableString(text) : new DERUTF8String(text)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || " '()+,-./:=?".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length() + 4);
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int bytePosition = 0;
        for (int i = 0; i < value.length(); i = value.offsetByCodePoints(i, 1)) {
            int c = value.codePointAt(i);
            int bytes = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            boolean escape = switch (c) {
                case ',', '+', '"', '\\', '<', '>', ';' -> true;
                case ' ' -> bytePosition == 0 || bytePosition == utf8.length - 1;
                case '#' -> bytePosition == 0;
                default -> false;
            };
            if (escape) {
                s.append('\\');
            }
            s.appendCodePoint(c);
            bytePosition += bytes;
        }
        return s.toString();
    }
}
