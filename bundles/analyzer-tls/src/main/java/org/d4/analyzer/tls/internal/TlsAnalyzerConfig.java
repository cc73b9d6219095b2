// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code d4.analyzer.tls} ({@code etc/d4.analyzer.tls.cfg}); a change reopens the store. */
@ObjectClassDefinition(name = "D4 TLS fingerprint analyzer",
        description = "JA3, JA3S, JA4 and certificates from the sensors' ja3-jl lines, served under /tls")
@interface TlsAnalyzerConfig {
    String PID = "d4.analyzer.tls";

    @AttributeDefinition(name = "Store folder", description = "Relative to the image root; holds tls.db and, between checkpoints, its redo logs")
    String store_folder() default "data/tls";

    @AttributeDefinition(name = "Label file", description = "CSV (fingerprint,label) or JSON of operator labels, relative to the image root; read again when it changes (empty: none)")
    String labels_file() default "etc/tls-labels.csv";

    @AttributeDefinition(name = "Anonymous read", description = "Answer queries without credentials (default: appliance users with the role user or admin only)")
    boolean anonymous_read() default false;

    @AttributeDefinition(name = "Commit interval (ms)", min = "10", description = "Longest time a handshake waits before it is durable; a crash loses at most about this window")
    long commit_interval_ms() default 1000;

    @AttributeDefinition(name = "Addresses kept", min = "1", max = "1000", description = "Client and server addresses kept per fingerprint (the most frequent)")
    int max_addresses() default 32;

    @AttributeDefinition(name = "Names kept", min = "1", max = "1000", description = "Server names and ALPN protocols kept per fingerprint (the most frequent)")
    int max_names() default 32;
}
