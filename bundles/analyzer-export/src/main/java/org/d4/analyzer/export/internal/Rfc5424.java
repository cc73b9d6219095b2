// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The syslog message format of RFC 5424: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [MSG]},
 * header fields printable US-ASCII without spaces, "-" for a field left empty.
 */
final class Rfc5424 {
    static final String NIL = "-";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Rfc5424() {
    }

    /**
     * One message. {@code structuredData} is written as given ("-" for none); {@code bom} marks the
     * message as UTF-8 (MSG-UTF8), otherwise its bytes go as they are (MSG-ANY).
     */
    static byte[] message(int facility, int severity, OffsetDateTime time, String hostname, String appName, String procId,
            String msgId, String structuredData, byte[] msg, boolean bom) {
        checkRange("facility", facility, 23);
        checkRange("severity", severity, 7);
        StringBuilder header = new StringBuilder(96).append('<').append(facility * 8 + severity).append(">1 ")
                .append(time == null ? NIL : timestamp(time)).append(' ')
                .append(field("HOSTNAME", hostname, 255)).append(' ')
                .append(field("APP-NAME", appName, 48)).append(' ')
                .append(field("PROCID", procId, 128)).append(' ')
                .append(field("MSGID", msgId, 32)).append(' ')
                .append(structuredData == null || structuredData.isEmpty() ? NIL : structuredData);
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + 4 + (msg == null ? 0 : msg.length));
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        if (msg != null && (msg.length > 0 || bom)) {
            out.write(' ');
            if (bom) {
                out.writeBytes(BOM);
            }
            out.writeBytes(msg);
        }
        return out.toByteArray();
    }

    /** FULL-DATE "T" FULL-TIME: at most six fraction digits (trailing zeros left out), "Z" for UTC. */
    static String timestamp(OffsetDateTime time) {
        StringBuilder out = new StringBuilder(32).append(String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d",
                time.getYear(), time.getMonthValue(), time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond()));
        int micros = time.getNano() / 1000;
        if (micros != 0) {
            String fraction = String.format(Locale.ROOT, "%06d", micros);
            while (fraction.endsWith("0")) {
                fraction = fraction.substring(0, fraction.length() - 1);
            }
            out.append('.').append(fraction);
        }
        ZoneOffset offset = time.getOffset();
        if (offset.getTotalSeconds() == 0) {
            return out.append('Z').toString();
        }
        int minutes = Math.abs(offset.getTotalSeconds()) / 60;
        return out.append(offset.getTotalSeconds() < 0 ? '-' : '+').append(String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60)).toString();
    }

    /** A header field: printable US-ASCII, no space, at most {@code max} characters; empty or null is "-". */
    static String field(String what, String value, int max) {
        if (value == null || value.isEmpty()) {
            return NIL;
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(what + " must be at most " + max + " characters, not " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 33 || ch > 126) {
                throw new IllegalArgumentException(what + " must be printable US-ASCII without spaces: '" + value + "'");
            }
        }
        return value;
    }

    private static void checkRange(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("syslog " + what + " must be 0 to " + max + ", not " + value);
        }
    }
}
