// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code d4.analyzer.passivedns} ({@code etc/d4.analyzer.passivedns.cfg}); a change reopens the store. */
@ObjectClassDefinition(name = "D4 passive DNS analyzer",
        description = "Passive DNS from the sensors' passivedns lines (type 8), served in the Common Output Format under /pdns")
@interface PassiveDnsConfig {
    String PID = "d4.analyzer.passivedns";

    @AttributeDefinition(name = "Store folder", description = "Relative to the image root; holds pdns.db and, between checkpoints, its redo logs")
    String store_folder() default "data/pdns";

    @AttributeDefinition(name = "Exclusions", description = "Lines whose query name contains one of these substrings are left out (e.g. .local., .arpa.)")
    String[] exclusions() default {};

    @AttributeDefinition(name = "Expiration", description = "TYPE=seconds: records of that type not seen for so long disappear (e.g. TXT=86400)")
    String[] expiration() default {};

    @AttributeDefinition(name = "Anonymous read", description = "Answer queries without credentials (default: appliance users with the role user or admin only)")
    boolean anonymous_read() default false;

    @AttributeDefinition(name = "Commit interval (ms)", min = "10", description = "Longest time a line waits before it is durable and queryable; a crash loses at most about this window")
    long commit_interval_ms() default 1000;

    @AttributeDefinition(name = "Batch size", min = "100", description = "Distinct records gathered in memory before they are written early; twice this many make the queue wait")
    int flush_records() default 100_000;

    @AttributeDefinition(name = "Origin", description = "The COF origin field of every answer, a URI naming this passive DNS (left out when empty)")
    String origin() default "";

    @AttributeDefinition(name = "Import limit (MB)", min = "1", description = "The largest COF dump accepted by POST /pdns/import")
    long import_max_mb() default 1024;
}
