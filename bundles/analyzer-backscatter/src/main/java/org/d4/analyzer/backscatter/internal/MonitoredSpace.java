// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.d4.common.Uuids;

/**
 * The address blocks the telescope listens on, globally or per sensor ({@code uuid=CIDR}). Packets
 * to other addresses are not the telescope's and are left out. The sizes scale observed rates to
 * the whole address space ({@code rate x 2^32 / monitored IPv4 addresses}, likewise 2^128 for IPv6).
 * With no block configured every destination counts and rates are not scaled.
 */
final class MonitoredSpace {
    private final List<Prefix> global = new ArrayList<>();
    private final Map<UUID, List<Prefix>> perSensor = new HashMap<>();
    private double v4Addresses;
    private double v6Addresses;

    static MonitoredSpace parse(String... entries) {
        MonitoredSpace m = new MonitoredSpace();
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            int eq = e.indexOf('=');
            Prefix p;
            if (eq > 0) {
                UUID sensor = Uuids.parseCanonical(e.substring(0, eq).trim())
                        .orElseThrow(() -> new IllegalArgumentException("not a sensor UUID: " + e));
                p = Prefix.parse(e.substring(eq + 1));
                m.perSensor.computeIfAbsent(sensor, k -> new ArrayList<>()).add(p);
            } else {
                p = Prefix.parse(e);
                m.global.add(p);
            }
            if (p.v4()) {
                m.v4Addresses += p.size();
            } else {
                m.v6Addresses += p.size();
            }
        }
        return m;
    }

    boolean unrestricted() {
        return global.isEmpty() && perSensor.isEmpty();
    }

    /** Whether a packet from this sensor (null when unknown) to this address belongs to the telescope. */
    boolean monitors(UUID sensor, long hi, long lo) {
        return blocks(sensor).contains(hi, lo);
    }

    /**
     * The blocks that count for one sensor's packets (null when unknown: every sensor's), as flat
     * arrays: resolved once per capture, then tested per packet without a lookup or an iterator.
     */
    Blocks blocks(UUID sensor) {
        List<Prefix> all = new ArrayList<>(global);
        if (sensor == null) {
            perSensor.values().forEach(all::addAll);
        } else {
            all.addAll(perSensor.getOrDefault(sensor, List.of()));
        }
        return new Blocks(unrestricted(), all);
    }

    /** Address blocks tested by masking: an address is in block i when its masked halves equal the block's. */
    static final class Blocks {
        private final boolean everything;
        private final long[] hi;
        private final long[] lo;
        private final long[] maskHi;
        private final long[] maskLo;

        private Blocks(boolean everything, List<Prefix> prefixes) {
            this.everything = everything;
            int n = prefixes.size();
            hi = new long[n];
            lo = new long[n];
            maskHi = new long[n];
            maskLo = new long[n];
            for (int i = 0; i < n; i++) {
                Prefix p = prefixes.get(i);
                hi[i] = p.hi();
                lo[i] = p.lo();
                maskHi[i] = Prefix.mask(p.bits(), 0);
                maskLo[i] = Prefix.mask(p.bits(), 64);
            }
        }

        boolean contains(long h, long l) {
            if (everything) {
                return true;
            }
            for (int i = 0; i < hi.length; i++) {
                if ((h & maskHi[i]) == hi[i] && (l & maskLo[i]) == lo[i]) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The factor from an observed rate to the estimated attack rate for a victim of this family. */
    double scale(boolean v4) {
        double monitored = v4 ? v4Addresses : v6Addresses;
        return monitored <= 0 ? 1.0 : (v4 ? Math.pow(2, 32) : Math.pow(2, 128)) / monitored;
    }

    List<String> describe() {
        List<String> out = new ArrayList<>();
        global.forEach(p -> out.add(p.toString()));
        perSensor.forEach((s, l) -> l.forEach(p -> out.add(s + "=" + p)));
        return out;
    }
}
