// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The fixed part of an export's syslog messages, checked once at configuration. MSGID is the
 * exported type (its number, or the extended type cut to the 32 characters MSGID allows).
 */
record SyslogHeader(int facility, int severity, String hostname, String appName, String msgId) {

    static SyslogHeader of(int facility, int severity, String hostname, String appName, String typeKey) {
        String msgId = typeKey.length() > 32 ? typeKey.substring(0, 32) : typeKey;
        SyslogHeader h = new SyslogHeader(facility, severity, hostname, appName, msgId);
        h.format(Instant.EPOCH, new byte[0]);     // refuses a bad facility, severity, host or application name now
        return h;
    }

    /** One item as an RFC 5424 message stamped with the time it was queued. */
    byte[] format(Instant queuedAt, byte[] item) {
        return Rfc5424.message(facility, severity, queuedAt.atOffset(ZoneOffset.UTC), hostname, appName, Rfc5424.NIL, msgId, Rfc5424.NIL, item, false);
    }
}
