// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.List;
import java.util.Map;

/** What the REST routes, the shell commands and the console ask the analyzer. */
interface Backscatter {
    AttackStore.Page attacks(AttackQuery query);

    /** The newest stored attacks, newest first. */
    List<Map.Entry<Long, Attack>> newest(int n);

    /** A stored attack, or null. */
    Attack attack(long id);

    /** Writes the packets of a stored attack as pcap; returns their number, or -1 for no such attack (nothing written). */
    long pcap(long id, java.io.OutputStream out) throws java.io.IOException;

    /** Vectors that already are attacks, most packets first. */
    List<Attack> ongoing();

    List<ScannerTable.Row> scanners(int max);

    /** Every counter, the store's included, by name. */
    Map<String, Long> counters();

    List<String> monitoredPrefixes();

    String version();

    boolean anonymousRead();

    /** The victim's prefix and AS from the configured prefix-to-AS table, or null. */
    PrefixToAs.Origin origin(Attack attack);

    /** The attack as a JSON object, with its prefix and AS when known. */
    default String json(long id, Attack attack) {
        PrefixToAs.Origin o = origin(attack);
        return AttackJson.json(id, attack, o == null ? null : o.prefix(), o == null ? 0 : o.asn());
    }

    default String csv(long id, Attack attack) {
        PrefixToAs.Origin o = origin(attack);
        return AttackJson.csv(id, attack, o == null ? null : o.prefix(), o == null ? 0 : o.asn());
    }
}
