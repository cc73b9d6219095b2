// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.d4.api.registry.ClusterDay;
import org.d4.api.registry.NodeStatistics;

/** The dashboard's view of the cluster's day: each node's share, and the busiest sensors with the frames each node took. */
final class ClusterSection {
    static final int SENSOR_ROWS = 20;

    private ClusterSection() {
    }

    static void render(StringBuilder out, ClusterDay day) {
        D4Page.section(out, "d4-cluster", "Cluster today (UTC): " + Fmt.number(day.frames()) + " frames on " + day.nodes().size() + " nodes");
        Map<String, String> hosts = new HashMap<>();
        out.append("<table class='d4-table' id='d4-cluster-nodes'><thead><tr><th>Node</th><th>Id</th><th>Published</th>"
                + "<th class='num'>Sensors connected</th><th class='num'>Frames today</th><th class='num'>Bytes today</th><th class='num'>Share</th>"
                + "</tr></thead><tbody>");
        for (NodeStatistics n : day.nodes()) {
            hosts.put(n.node(), n.host());
            out.append("<tr><td>").append(Fmt.esc(n.host())).append(n.local() ? " " + Fmt.badge("ok", "this node") : "").append("</td><td class='d4-uuid'>")
                    .append(Fmt.esc(n.node().substring(0, Math.min(8, n.node().length())))).append("</td><td>").append(Fmt.time(n.at()))
                    .append("</td><td class='num'>").append(Fmt.number(n.connectedSensors())).append("</td><td class='num'>")
                    .append(Fmt.number(day.frames(n))).append("</td><td class='num'>").append(Fmt.bytes(n.day().equals(day.day()) ? n.bytes() : 0))
                    .append("</td><td class='num'>").append(percent(day.share(n))).append("</td></tr>");
        }
        out.append("</tbody></table>");
        List<Map.Entry<String, Long>> busiest = day.framesPerSensor().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(SENSOR_ROWS).toList();
        if (!busiest.isEmpty()) {
            out.append("<table class='d4-table' id='d4-cluster-sensors'><thead><tr><th>Sensor</th><th class='num'>Frames today</th>"
                    + "<th class='num'>Bytes today</th><th>Taken by</th></tr></thead><tbody>");
            for (Map.Entry<String, Long> e : busiest) {
                out.append("<tr><td><a class='d4-uuid' href='d4-sensors?uuid=").append(Fmt.esc(e.getKey())).append("'>").append(Fmt.esc(e.getKey()))
                        .append("</a></td><td class='num'>").append(Fmt.number(e.getValue())).append("</td><td class='num'>")
                        .append(Fmt.bytes(day.bytesPerSensor().getOrDefault(e.getKey(), 0L))).append("</td><td>");
                StringBuilder by = new StringBuilder();
                day.framesByNode(e.getKey()).forEach((node, frames) -> by.append(by.isEmpty() ? "" : ", ").append(Fmt.esc(hosts.getOrDefault(node, node)))
                        .append(' ').append(percent(frames / (double) e.getValue())));
                out.append(by).append("</td></tr>");
            }
            out.append("</tbody></table>");
        }
        D4Page.endSection(out);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
