// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "D4 sensor server", description = "The TLS port sensors stream D4 frames to. "
        + "Server mode, default key, blacklists and accepted types are managed in the registry (REST, console, shell).")
@interface ServerConfig {
    @AttributeDefinition(name = "Port", min = "1", max = "65535")
    int port() default 4443;

    @AttributeDefinition(name = "Bind address", description = ":: listens on every IPv6 and IPv4 address")
    String bind() default "::";

    @AttributeDefinition(name = "Maximum frame size (bytes)", min = "64", description = "A larger announced size closes the connection before its payload is read")
    int max_frame_size() default 1_000_000;

    @AttributeDefinition(name = "Idle timeout (seconds)", min = "1", description = "A connection that sends no complete header for this long is closed")
    int idle_timeout_s() default 30;

    @AttributeDefinition(name = "TLS handshake timeout (seconds)", min = "1")
    int handshake_timeout_s() default 10;

    @AttributeDefinition(name = "Connections per IP", min = "1", description = "Further connections from the same address are refused")
    int max_connections_per_ip() default 64;

    @AttributeDefinition(name = "Connections in total", min = "1")
    int max_connections() default 4096;

    @AttributeDefinition(name = "Maximum meta header (bytes)", min = "64", description = "Largest type-2 JSON accepted on a connection")
    int max_meta_header_bytes() default 65_536;

    @AttributeDefinition(name = "Timestamp window (seconds)", min = "0",
            description = "Refuse frames whose timestamp is further than this from the server clock; 0 turns the check off (reference behaviour)")
    int timestamp_window_s() default 0;

    @AttributeDefinition(name = "Monotonic timestamps", description = "Refuse a frame whose timestamp is older than the previous one on the same connection (replay protection)")
    boolean monotonic_timestamps() default false;

    @AttributeDefinition(name = "Buffered bytes per connection", min = "65536",
            description = "Verified payloads waiting for their worker beyond this pause reading from the connection (backpressure)")
    int max_pending_bytes() default 1_048_576;

    @AttributeDefinition(name = "Worker wake interval (microseconds)", min = "0",
            description = "While a connection's data keeps coming, its worker is woken at most once per interval and archives "
                    + "what arrived meanwhile with one write (the first payload after a pause goes at once); "
                    + "adds at most this much latency to the analyzers. 0 wakes the worker on every read")
    int worker_wake_interval_us() default 4000;

    @AttributeDefinition(name = "Unverified bytes (all connections)", min = "0",
            description = "Payload bytes all connections together may hold before their frame's HMAC is verified; connections beyond it "
                    + "stop reading until there is room. Half of it is kept for connections that already proved their key. "
                    + "0: an eighth of the heap, at least 16 MB")
    long max_unverified_bytes() default 0;

    @AttributeDefinition(name = "Wait for unverified bytes (seconds)", min = "1",
            description = "A connection waiting this long for room makes the server close the connections that have not proven a key "
                    + "of the source address (IPv6: /64) holding the most unverified bytes")
    int unverified_wait_s() default 5;

    @AttributeDefinition(name = "Network threads", min = "0", description = "Threads that run TLS and check the frames; 0: one per core")
    int io_threads() default 0;

    @AttributeDefinition(name = "Worker threads", min = "0", description = "Threads that hand payloads to the type workers; 0: sixteen per core")
    int worker_threads() default 0;
}
