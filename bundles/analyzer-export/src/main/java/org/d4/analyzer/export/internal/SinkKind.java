// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where an export sends its items, and how each item is framed there. */
enum SinkKind {
    TCP("tcp", Addressing.NETWORK),
    TLS("tls", Addressing.NETWORK),
    UDP("udp", Addressing.NETWORK),
    UNIX("unix", Addressing.PATH),
    SYSLOG_UDP("syslog-udp", Addressing.NETWORK),
    SYSLOG_TCP("syslog-tcp", Addressing.NETWORK),
    SYSLOG_TLS("syslog-tls", Addressing.NETWORK),
    FILE("file", Addressing.PATH);

    enum Addressing { NETWORK, PATH }

    final String label;
    final Addressing addressing;

    SinkKind(String label, Addressing addressing) {
        this.label = label;
        this.addressing = addressing;
    }

    boolean syslog() {
        return this == SYSLOG_UDP || this == SYSLOG_TCP || this == SYSLOG_TLS;
    }

    boolean tls() {
        return this == TLS || this == SYSLOG_TLS;
    }

    boolean datagram() {
        return this == UDP || this == SYSLOG_UDP;
    }

    /** A connection that TCP keepalive applies to. */
    boolean tcp() {
        return this == TCP || this == TLS || this == SYSLOG_TCP || this == SYSLOG_TLS;
    }

    static SinkKind of(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.label.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("sink must be one of "
                        + Arrays.stream(values()).map(k -> k.label).collect(Collectors.joining(", ")) + ", not '" + text + "'"));
    }
}
