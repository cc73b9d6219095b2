// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.Locale;

/** What the analyzer counts, dropped things included; names as shown by REST and the shell. */
enum Count {
    PACKETS, NOT_IP, MALFORMED, FRAGMENTS, OUTSIDE, BACKSCATTER, SCANS, MIRAI, OTHER, VECTORS, VECTORS_BELOW_THRESHOLD,
    VECTORS_EVICTED, ATTACKS, SCANNERS_EVICTED, FILES, FILES_DAMAGED, FILES_REPEATED, FILES_MISSING;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
