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

    /** Vectors that already are attacks, most packets first. */
    List<Attack> ongoing();

    List<ScannerTable.Row> scanners(int max);

    /** Every counter, the store's included, by name. */
    Map<String, Long> counters();

    List<String> monitoredPrefixes();

    String version();

    boolean anonymousRead();
}
