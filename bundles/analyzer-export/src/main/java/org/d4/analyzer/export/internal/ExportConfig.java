// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One export: factory configuration {@code d4.export} ({@code etc/d4.export-<name>.cfg}); a change reconnects. */
@ObjectClassDefinition(name = "D4 export",
        description = "Sends the items of an analyzer queue, in order and at least once, to TCP, TLS, UDP, a unix socket, syslog or a file")
@interface ExportConfig {
    String PID = "d4.export";

    @AttributeDefinition(name = "Name", description = "Names the export; its analyzer and queue are export-<name>. 1-57 of A-Z a-z 0-9 . _ -")
    String name() default "";

    @AttributeDefinition(name = "Type", min = "1", max = "254", description = "The D4 type exported, e.g. 8 for passivedns lines; 254 with an extended type")
    int type() default 0;

    @AttributeDefinition(name = "Extended type", required = false, description = "For type 254: the extended type exported, e.g. ja3-jl")
    String extended_type() default "";

    @AttributeDefinition(name = "Sensors", required = false, description = "Only the data of these sensor UUIDs (comma-separated in a .cfg file); empty for every sensor")
    String[] sensors() default {};

    @AttributeDefinition(name = "Sink", options = {
            @Option(value = "tcp", label = "TCP"), @Option(value = "tls", label = "TLS"), @Option(value = "udp", label = "UDP"),
            @Option(value = "unix", label = "Unix socket"), @Option(value = "syslog-udp", label = "Syslog over UDP (RFC 5426)"),
            @Option(value = "syslog-tcp", label = "Syslog over TCP, octet counting (RFC 6587)"),
            @Option(value = "syslog-tls", label = "Syslog over TLS (RFC 5425)"), @Option(value = "file", label = "File (appended)") },
            description = "Where the items go")
    String sink() default "tcp";

    @AttributeDefinition(name = "Address", description = "host:port ([v6]:port) for network sinks, an absolute path for unix and file")
    String address() default "";

    @AttributeDefinition(name = "Newline", description = "End each item with a newline (tcp, tls, udp, unix; a file always has one item per line; syslog never)")
    boolean newline() default true;

    @AttributeDefinition(name = "Keepalive (s)", min = "0", description = "TCP keepalive idle time and probe interval of stream connections; 0 turns keepalive off")
    int keepalive_s() default 15;

    @AttributeDefinition(name = "CA file", required = false, description = "PEM certificates trusted for tls and syslog-tls (default: the Java trust store); the host name is always verified")
    String ca_file() default "";

    @AttributeDefinition(name = "Syslog facility", min = "0", max = "23", description = "RFC 5424 facility, e.g. 1 user, 16-23 local0-local7")
    int syslog_facility() default 1;

    @AttributeDefinition(name = "Syslog severity", min = "0", max = "7", description = "RFC 5424 severity, e.g. 6 informational")
    int syslog_severity() default 6;

    @AttributeDefinition(name = "Syslog host name", required = false, description = "HOSTNAME field; empty for this machine's name")
    String syslog_hostname() default "";

    @AttributeDefinition(name = "Syslog application", description = "APP-NAME field")
    String syslog_app_name() default "d4";

    @AttributeDefinition(name = "First retry pause (ms)", min = "1", description = "Pause after a failed connection or write; doubles with each further failure")
    long backoff_initial_ms() default 500;

    @AttributeDefinition(name = "Longest retry pause (ms)", min = "1", description = "The pause between retries grows up to this")
    long backoff_max_ms() default 30_000;

    @AttributeDefinition(name = "Connect timeout (ms)", min = "1", description = "How long a connection attempt may take")
    int connect_timeout_ms() default 5_000;

    @AttributeDefinition(name = "Queue length", min = "1", description = "Maximum length of the export's queue; beyond it the oldest items are dropped and counted, as for every analyzer queue")
    int queue_max_size() default 100_000;
}
