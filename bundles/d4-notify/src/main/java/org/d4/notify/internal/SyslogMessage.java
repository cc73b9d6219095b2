// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * A syslog message as RFC 5424 writes it: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID
 * [STRUCTURED-DATA] MSG}, the message in UTF-8 after a byte order mark (section 6.4), the header
 * fields in printable US-ASCII without spaces, at most their maximum lengths ("-" when empty).
 * Over TCP and TLS each message is preceded by its length (octet counting, RFC 6587 3.4.1 and
 * RFC 5425 4.3).
 */
final class SyslogMessage {
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private SyslogMessage() {
    }

    /**
     * @param facility 0 to 23 (16 is local0)
     * @param severity 0 (emergency) to 7 (debug)
     * @param structuredData already formatted ({@code [id name="value"]}) or "-"
     */
    static byte[] format(int facility, int severity, Instant time, String hostname, String appName, String procId, String msgId,
            String structuredData, String message) {
        if (facility < 0 || facility > 23 || severity < 0 || severity > 7) {
            throw new IllegalArgumentException("facility 0-23 and severity 0-7, not " + facility + " and " + severity);
        }
        String header = "<" + (facility * 8 + severity) + ">1 " + DateTimeFormatter.ISO_INSTANT.format(time) + " " + field(hostname, 255)
                + " " + field(appName, 48) + " " + field(procId, 128) + " " + field(msgId, 32) + " " + structuredData;
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        if (message == null || message.isEmpty()) {
            return head;
        }
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + 1 + BOM.length + text.length];
        System.arraycopy(head, 0, out, 0, head.length);
        out[head.length] = ' ';
        System.arraycopy(BOM, 0, out, head.length + 1, BOM.length);
        System.arraycopy(text, 0, out, head.length + 1 + BOM.length, text.length);
        return out;
    }

    /** An SD-PARAM value: {@code "}, {@code \} and {@code ]} escaped with a backslash (section 6.3.3). */
    static String paramValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    /** {@code LENGTH SP MESSAGE}. */
    static byte[] octetCounted(byte[] message) {
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(message, 0, out, prefix.length, message.length);
        return out;
    }

    private static String field(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            b.append(c > 32 && c < 127 ? c : '_');
        }
        return b.toString();
    }
}
