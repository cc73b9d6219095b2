// SPDX-License-Identifier: Apache-2.0
package org.d4.client.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One sensor stream: the files of a reference configuration directory as properties, plus the goclient flags. */
@ObjectClassDefinition(name = "D4 sensor stream", description = "One D4 client stream: a source sent as D4 frames to a server. "
        + "One configuration per stream (factory PID d4.client).")
@interface StreamConfig {
    @AttributeDefinition(name = "UUID", description = "The sensor's version-4 UUID, registered on the server")
    String uuid();

    @AttributeDefinition(name = "HMAC key", type = AttributeType.PASSWORD, description = "The sensor's key (raw text)")
    String key();

    @AttributeDefinition(name = "Type", description = "1 pcap, 3 log lines, 4 dnscap, 5 pcapng, 6 JSON lines, 7 YAF, 8 passive DNS, 254 extended")
    int type() default 1;

    @AttributeDefinition(name = "Snaplen", min = "1", max = "1000000", description = "Largest payload of one frame")
    int snaplen() default 65536;

    @AttributeDefinition(name = "Source", description = "pcap:<interface>, pcapfile:<file>, tlsf:<interface>, tlsfile:<file> (TLS fingerprints, type 254), a file or named pipe, d4server or rest")
    String source() default "pcap:eth0";

    @AttributeDefinition(name = "Capture filter", required = false, description = "BPF filter for pcap:, pcapfile: and tlsf: sources (tlsf: defaults to tcp)")
    String filter() default "";

    @AttributeDefinition(name = "Destination", description = "host:port or [IPv6]:port of the D4 server; several, separated by commas, are tried in turn (failover)")
    String destination();

    @AttributeDefinition(name = "Meta header", required = false, description = "For type 254: the JSON meta header, e.g. {\"type\":\"ja3-jl\"} for tlsf: and tlsfile: sources")
    String meta_header() default "";

    @AttributeDefinition(name = "TLS", description = "Off only for a plain-TCP server")
    boolean tls() default true;

    @AttributeDefinition(name = "Check certificate", description = "Verify the server against the root CA file and its host name")
    boolean check_certificate() default false;

    @AttributeDefinition(name = "Root CA file", required = false, description = "PEM file the server is verified against")
    String root_ca() default "";

    @AttributeDefinition(name = "Reconnect delay", description = "Pause before reconnecting (200ms, 30s, 1m); 0 stops at the first failure")
    String retry_delay() default "30s";

    @AttributeDefinition(name = "Poll delay", description = "Pause before asking an empty queue or a named pipe again")
    String poll_delay() default "200ms";

    @AttributeDefinition(name = "Connect timeout")
    String timeout() default "1m";

    @AttributeDefinition(name = "Redis server", required = false, description = "For source d4server: host:port/db")
    String redis_d4() default "";

    @AttributeDefinition(name = "Redis queue", required = false, description = "For source d4server: <type>:<queue uuid>")
    String redis_queue() default "";

    @AttributeDefinition(name = "REST URL", required = false, description = "For source rest: https://host:port of the server")
    String rest_url() default "";

    @AttributeDefinition(name = "REST queue", required = false, description = "For source rest: the queue UUID")
    String rest_queue() default "";

    @AttributeDefinition(name = "REST token", type = AttributeType.PASSWORD, required = false)
    String rest_token() default "";

    String webconsole_configurationFactory_nameHint() default "{source} -> {destination}";
}
