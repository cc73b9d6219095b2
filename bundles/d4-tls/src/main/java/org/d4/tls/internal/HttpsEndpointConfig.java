// SPDX-License-Identifier: Apache-2.0
package org.d4.tls.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 HTTPS endpoint",
        description = "Where the web console, the REST API and the passive DNS API listen. HTTPS only, "
                + "with the appliance's TLS identity. Applied to Felix HTTP (org.apache.felix.http) on change.")
@interface HttpsEndpointConfig {
    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 7000;

    @AttributeDefinition(name = "Bind address", description = "127.0.0.1 keeps the console off the network; 0.0.0.0 or :: opens it")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Session timeout (minutes)", min = "1")
    int session_timeout_min() default 30;

    @AttributeDefinition(name = "Idle timeout (seconds)", min = "1",
            description = "A connection that sends nothing for this long is closed, also in the middle of a request (slow or half-sent requests)")
    int idle_timeout_s() default 30;

    @AttributeDefinition(name = "Maximum connections", min = "1", description = "Open HTTPS connections in total; beyond, new ones are closed at once")
    int max_connections() default 512;

    @AttributeDefinition(name = "Maximum connections per address", min = "1",
            description = "Open HTTPS connections from one client address; beyond, new ones from it are closed at once")
    int max_connections_per_ip() default 64;
}
