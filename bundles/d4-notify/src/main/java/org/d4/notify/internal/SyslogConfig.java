// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "D4 alert notifier: syslog", description = "Sends each alert raised and resolved to a syslog server (RFC 5424)")
@interface SyslogConfig {
    @AttributeDefinition(name = "Host", description = "The syslog server")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "1", max = "65535", description = "514 for UDP and TCP, 6514 for TLS")
    int port() default 514;

    @AttributeDefinition(name = "Transport", options = {@Option(label = "UDP", value = "udp"), @Option(label = "TCP", value = "tcp"),
            @Option(label = "TLS", value = "tls")})
    String transport() default "udp";

    @AttributeDefinition(name = "CA file", required = false, description = "TLS: the PEM certificates to trust (else the JVM's CAs); the host name is verified")
    String ca_file() default "";

    @AttributeDefinition(name = "Facility", min = "0", max = "23", description = "16 is local0")
    int facility() default 16;

    @AttributeDefinition(name = "App name")
    String app_name() default "d4";

    @AttributeDefinition(name = "Notices a minute", min = "1", description = "Beyond this, notices are held back and counted")
    int max_per_minute() default 60;
}
