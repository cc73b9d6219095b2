// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sources probing the telescope (SYNs, ICMP echo requests), with the distinct telescope addresses
 * each touched. At most {@code max} sources are kept: a new one then replaces, from a small random
 * sample, the source that touched the fewest addresses (counted as an eviction).
 */
final class ScannerTable {
    /** One scanning source so far. */
    static final class Scanner {
        final long hi;
        final long lo;
        long packets;
        long miraiPackets;
        long firstMicros;
        long lastMicros;
        final DistinctCounter destinations = new DistinctCounter();
        final SmallSet ports = new SmallSet(16);

        Scanner(long hi, long lo, long micros) {
            this.hi = hi;
            this.lo = lo;
            this.firstMicros = micros;
            this.lastMicros = micros;
        }
    }

    /** What the REST API and the shell list. */
    record Row(String source, long destinations, long packets, long miraiPackets, int[] ports, long first, long last) {
    }

    private final int max;
    private final long[] counts;
    private final VictimTable<Scanner> sources;

    ScannerTable(int max, long[] counts) {
        this.max = max;
        this.counts = counts;
        this.sources = new VictimTable<>(Math.min(max, 1 << 14));
    }

    void add(Packet p, boolean mirai) {
        Scanner s = sources.get(p.srcHi, p.srcLo);
        if (s == null) {
            if (sources.size() >= max) {
                Scanner least = null;
                for (Scanner c : sources.sample(8)) {
                    if (least == null || c.destinations.estimate() < least.destinations.estimate()) {
                        least = c;
                    }
                }
                if (least != null) {
                    sources.remove(least.hi, least.lo);
                    counts[Count.SCANNERS_EVICTED.ordinal()]++;
                }
            }
            s = new Scanner(p.srcHi, p.srcLo, p.micros);
            sources.put(p.srcHi, p.srcLo, s);
        }
        s.packets++;
        if (mirai) {
            s.miraiPackets++;
        }
        s.lastMicros = Math.max(s.lastMicros, p.micros);
        s.destinations.add(DistinctCounter.key(p.dstHi, p.dstLo));
        if (p.dstPort >= 0) {
            s.ports.add(p.dstPort);
        }
    }

    /** The sources that touched the most telescope addresses. */
    List<Row> top(int n) {
        List<Scanner> all = new ArrayList<>(sources.size());
        sources.forEach(all::add);
        all.sort(Comparator.comparingLong((Scanner s) -> s.destinations.estimate()).reversed()
                .thenComparing(Comparator.comparingLong((Scanner s) -> s.packets).reversed()));
        List<Row> out = new ArrayList<>(Math.min(n, all.size()));
        for (Scanner s : all.subList(0, Math.min(n, all.size()))) {
            out.add(new Row(Addresses.format(s.hi, s.lo), s.destinations.estimate(), s.packets, s.miraiPackets, s.ports.sorted(),
                    s.firstMicros / 1_000_000L, s.lastMicros / 1_000_000L));
        }
        return out;
    }

    int size() {
        return sources.size();
    }
}
