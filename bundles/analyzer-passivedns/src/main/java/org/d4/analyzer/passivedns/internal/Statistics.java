// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.PriorityQueue;

/**
 * The analyzer's counters as they are now, with live, read-only views of the per-sensor line
 * counts and the distributions (walked, never copied whole: they are bounded but may be long).
 *
 * @param version         the bundle version
 * @param lines           lines received from sensors (records, malformed and excluded ones)
 * @param records         distinct (rrname, rrtype, rdata) in the store
 * @param imported        records loaded from COF dumps
 * @param malformed       sensor lines that could not be read
 * @param excluded        sensor lines left out by the exclusions
 * @param expired         records removed for not being seen within their type's lifetime
 * @param failure         why the store cannot write right now (empty when it can)
 * @param latestMalformed the latest malformed line with its reason (empty when none)
 * @param storeBytes      the size of the store file
 */
record Statistics(String version, long lines, long records, long imported, long malformed, long excluded, long expired,
        String failure, String latestMalformed, long storeBytes, NavigableMap<String, Long> sensorLines,
        NavigableMap<Integer, Long> types, NavigableMap<String, Long> classes, NavigableMap<Long, Long> ttls) {

    /** The {@code n} most frequent TTLs, most frequent first (-1 counts those beyond the distribution's cap). */
    Map<Long, Long> topTtls(int n) {
        PriorityQueue<Map.Entry<Long, Long>> top = new PriorityQueue<>(Comparator.comparingLong(Map.Entry::getValue));
        for (Map.Entry<Long, Long> e : ttls.entrySet()) {
            top.add(Map.entry(e.getKey(), e.getValue()));
            if (top.size() > n) {
                top.poll();
            }
        }
        List<Map.Entry<Long, Long>> sorted = new ArrayList<>(top);
        sorted.sort(Comparator.comparingLong((Map.Entry<Long, Long> e) -> e.getValue()).reversed());
        Map<Long, Long> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
