// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "D4 alert notifier: mail", description = "Mails each alert raised and resolved over SMTP")
@interface MailConfig {
    @AttributeDefinition(name = "SMTP host")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "SMTP port", min = "1", max = "65535", description = "587 for submission with STARTTLS, 465 for TLS from the start, 25")
    int port() default 587;

    @AttributeDefinition(name = "Security", options = {@Option(label = "STARTTLS, required", value = "starttls"),
            @Option(label = "TLS from the start (SMTPS)", value = "tls"), @Option(label = "none (plain text)", value = "none")},
            description = "The server's certificate and name are checked in both TLS modes")
    String security() default "starttls";

    @AttributeDefinition(name = "CA file", required = false, description = "The PEM certificates to trust for the SMTP server (else the JVM's CAs)")
    String ca_file() default "";

    @AttributeDefinition(name = "User name", required = false, description = "Empty: no authentication")
    String username() default "";

    @AttributeDefinition(name = "Password", required = false, type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(name = "From")
    String from() default "d4@localhost";

    @AttributeDefinition(name = "To", description = "One or more addresses")
    String[] to();

    @AttributeDefinition(name = "Subject prefix")
    String subject_prefix() default "[D4]";

    @AttributeDefinition(name = "Notices a minute", min = "1", description = "Beyond this, notices are held back and counted")
    int max_per_minute() default 10;
}
