// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import org.d4.common.Samples;
import java.util.Locale;
import java.util.Set;

/**
 * Record data as stored. Addresses in canonical form; names and other data lower case without a
 * trailing dot; text (TXT, SPF) decoded ({@link TextData}); data that is text or base64 keeps
 * its case, since lower-casing would change it.
 */
final class Rdata {
    static final int MAX_LENGTH = 4096;
    /** Types whose data is free text or base64: their case matters. */
    private static final Set<Integer> CASE_KEPT = Set.of(RrTypes.TXT, RrTypes.SPF, 13 /* HINFO */, 24 /* SIG */, 25 /* KEY */,
            37 /* CERT */, 45 /* IPSECKEY */, 46 /* RRSIG */, 48 /* DNSKEY */, 49 /* DHCID */, 55 /* HIP */, 56 /* NINFO */,
            60 /* CDNSKEY */, 61 /* OPENPGPKEY */, 256 /* URI */, 257 /* CAA */);

    private Rdata() {
    }

    /** The stored form of {@code raw} for a record of {@code type}. */
    static String normalize(int type, String raw) throws Malformed {
        if (raw == null || raw.isEmpty()) {
            throw new Malformed("empty answer");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new Malformed("answer longer than " + MAX_LENGTH + " characters");
        }
        if (raw.indexOf('\0') >= 0) {
            throw new Malformed("answer contains a NUL character");
        }
        if (type == RrTypes.A || type == RrTypes.AAAA) {
            byte[] address = type == RrTypes.A ? Addresses.parseV4(raw) : Addresses.parseV6(raw.toLowerCase(Locale.ROOT));
            if (address == null) {
                throw new Malformed("answer of a " + (type == RrTypes.A ? "A" : "AAAA") + " record is not an address: " + Samples.cut(raw));
            }
            return Addresses.format(address);
        }
        if (type == RrTypes.TXT || type == RrTypes.SPF) {
            String text = TextData.decode(raw);
            if (text.indexOf('\0') >= 0) {
                throw new Malformed("text contains a NUL character");
            }
            return text;
        }
        if (CASE_KEPT.contains(type)) {
            return raw;
        }
        String value = raw.length() > 1 && raw.charAt(raw.length() - 1) == '.' ? raw.substring(0, raw.length() - 1) : raw;
        return value.toLowerCase(Locale.ROOT);
    }

    /** True when the data is an address (A, AAAA): the reverse index keeps it as bytes, so CIDR ranges are ranges. */
    static boolean isAddress(int type) {
        return type == RrTypes.A || type == RrTypes.AAAA;
    }
}
