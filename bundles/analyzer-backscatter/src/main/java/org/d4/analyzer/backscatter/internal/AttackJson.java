// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.Locale;

/**
 * Writes an attack as one JSON object (the NDJSON line of the REST API, the standalone mode and the
 * d4-backscatter queue) or as one CSV row. Written by hand so the standalone jar needs no library.
 */
final class AttackJson {
    static final String CSV_HEADER = "id,victim,ip_version,protocols,ports,icmp_types,start,end,packets,bytes,targets,max_ppm,"
            + "observed_pps,estimated_pps,router,prefix,asn,ongoing";

    private AttackJson() {
    }

    static String json(long id, Attack a, String prefix, long asn) {
        StringBuilder s = new StringBuilder(320);
        s.append('{');
        if (id > 0) {
            s.append("\"id\":").append(id).append(',');
        }
        s.append("\"victim\":\"").append(a.victim()).append('"');
        s.append(",\"ip_version\":").append(a.ipVersion());
        s.append(",\"protocols\":").append(array(a.protocols()));
        s.append(",\"ports\":").append(array(a.ports()));
        if (a.morePorts()) {
            s.append(",\"more_ports\":true");
        }
        s.append(",\"icmp_types\":").append(icmpTypes(a.icmpTypes(), a.ipVersion()));
        s.append(",\"start\":").append(a.startSeconds());
        s.append(",\"end\":").append(a.endSeconds());
        s.append(",\"duration\":").append(decimal((a.endMicros() - a.startMicros()) / 1e6));
        s.append(",\"packets\":").append(a.packets());
        s.append(",\"bytes\":").append(a.bytes());
        s.append(",\"targets\":").append(a.targets());
        s.append(",\"max_ppm\":").append(a.maxPerMinute());
        s.append(",\"observed_pps\":").append(decimal(a.observedPps()));
        s.append(",\"estimated_pps\":").append(decimal(a.estimatedPps()));
        if (a.router() != null) {
            s.append(",\"router\":\"").append(a.router()).append("\",\"router_packets\":").append(a.routerPackets());
        }
        if (prefix != null) {
            s.append(",\"prefix\":\"").append(prefix).append("\",\"asn\":").append(asn);
        }
        s.append(",\"ongoing\":").append(a.ongoing());
        return s.append('}').toString();
    }

    static String csv(long id, Attack a, String prefix, long asn) {
        return id + "," + a.victim() + "," + a.ipVersion() + "," + joined(a.protocols()) + "," + joined(a.ports()) + ","
                + joined(types(a.icmpTypes())) + "," + a.startSeconds() + "," + a.endSeconds() + "," + a.packets() + "," + a.bytes()
                + "," + a.targets() + "," + a.maxPerMinute() + "," + decimal(a.observedPps()) + "," + decimal(a.estimatedPps()) + ","
                + (a.router() == null ? "" : a.router()) + "," + (prefix == null ? "" : prefix) + "," + (prefix == null ? "" : asn)
                + "," + a.ongoing();
    }

    static String decimal(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    private static int[] types(int[] t) {
        int[] out = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = t[i] & 0xff;
        }
        return out;
    }

    private static String icmpTypes(int[] t, int version) {
        return array(types(t));
    }

    private static String array(int[] values) {
        return "[" + joinedWith(values, ",") + "]";
    }

    private static String joined(int[] values) {
        return joinedWith(values, " ");
    }

    private static String joinedWith(int[] values, String separator) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                s.append(separator);
            }
            s.append(values[i]);
        }
        return s.toString();
    }
}
