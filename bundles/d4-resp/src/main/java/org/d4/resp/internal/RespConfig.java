// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 RESP endpoint", description = "A Redis-protocol port serving the analyzer queues as lists "
        + "analyzer:<type>:<queue-uuid> in database 2, for the reference system's external analyzers (RPOP).")
@interface RespConfig {
    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 6380;

    @AttributeDefinition(name = "Bind address", description = "Loopback by default; another address exposes the queues to the network")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Require AUTH", description = "Every command but PING, AUTH and QUIT needs AUTH <api token> first")
    boolean require_auth() default false;

    @AttributeDefinition(name = "Connections", min = "1", description = "Further connections are refused")
    int max_connections() default 64;

    @AttributeDefinition(name = "Idle timeout (seconds)", min = "0", description = "A connection silent for this long is closed; 0 never closes it")
    int idle_timeout_s() default 300;

    @AttributeDefinition(name = "Maximum request (bytes)", min = "1024", description = "A larger request is a protocol error and closes the connection")
    int max_request_bytes() default 65_536;
}
