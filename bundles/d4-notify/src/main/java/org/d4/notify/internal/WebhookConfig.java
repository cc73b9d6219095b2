// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 alert notifier: webhook", description = "POSTs each alert raised and resolved to a URL, as JSON or through a template")
@interface WebhookConfig {
    @AttributeDefinition(name = "URL", description = "http:// or https://")
    String url();

    @AttributeDefinition(name = "Template", required = false, description = "The body, with {{kind}} {{subject}} {{severity}} {{state}} "
            + "{{message}} {{raised}} {{resolved}} {{sequence}} {{summary}} replaced (JSON-escaped when the content type is JSON); "
            + "empty: a JSON object of all the fields. For a chat tool: {\"text\": \"{{summary}}\"}")
    String template() default "";

    @AttributeDefinition(name = "Content type")
    String content_type() default "application/json";

    @AttributeDefinition(name = "Authorization header", required = false, type = AttributeType.PASSWORD,
            description = "Sent as the Authorization header (e.g. Bearer <token>)")
    String authorization() default "";

    @AttributeDefinition(name = "CA file", required = false, description = "https: the PEM certificates to trust (else the JVM's CAs)")
    String ca_file() default "";

    @AttributeDefinition(name = "Notices a minute", min = "1", description = "Beyond this, notices are held back and counted")
    int max_per_minute() default 30;
}
