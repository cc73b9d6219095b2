// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@code d4.analyzer.backscatter} ({@code etc/d4.analyzer.backscatter.cfg}); a change reopens the store. */
@ObjectClassDefinition(name = "D4 backscatter analyzer",
        description = "Denial-of-service attacks inferred from the backscatter reaching a network telescope, from the sensors' pcap files (type 1)")
@interface BackscatterConfig {
    String PID = "d4.analyzer.backscatter";

    @AttributeDefinition(name = "Store folder", description = "Relative to the image root; holds backscatter.db")
    String store_folder() default "data/backscatter";

    @AttributeDefinition(name = "Monitored prefixes", description = "The telescope's address blocks (CIDR), or UUID=CIDR for one sensor's;"
            + " packets to other addresses are counted and left out; rates are scaled by their size. Empty: every address, no scaling")
    String[] monitored_prefixes() default {};

    @AttributeDefinition(name = "Vector timeout (s)", min = "1", description = "A victim's attack vector ends after this long without packets")
    long timeout_s() default 300;

    @AttributeDefinition(name = "Minimum packets", min = "1", description = "A vector with fewer packets is no attack")
    long min_packets() default 25;

    @AttributeDefinition(name = "Minimum duration (s)", min = "0", description = "A vector lasting less is no attack")
    long min_duration_s() default 60;

    @AttributeDefinition(name = "Minimum packets per minute", min = "1", description = "A vector never reaching this many packets in a one-minute window is no attack")
    long min_ppm() default 30;

    @AttributeDefinition(name = "Tracked vectors", min = "1000", description = "Most attack vectors held in memory; a new victim then evicts one (counted, logged)")
    int max_vectors() default 2_000_000;

    @AttributeDefinition(name = "Tracked scanners", min = "100", description = "Most scanning sources held in memory")
    int max_scanners() default 100_000;

    @AttributeDefinition(name = "Stored attacks", min = "1000", description = "Most finished attacks kept; the oldest go first (counted)")
    long max_attacks() default 1_000_000;

    @AttributeDefinition(name = "Prefix-to-AS table", description = "A CAIDA RouteViews pfx2as file (gzipped or not), relative to the image root"
            + " or absolute: attacks then carry their victim's prefix and AS. Empty: none")
    String pfx2as_file() default "";

    @AttributeDefinition(name = "Anonymous read", description = "Answer queries without credentials (default: appliance users with the role user or admin only)")
    boolean anonymous_read() default false;
}
