// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.d4.api.registry.ClusterDay;
import org.d4.api.registry.ClusterStatistics;
import org.d4.api.registry.NodeStatistics;
import org.d4.api.security.Role;

/**
 * {@code GET /cluster/statistics}: the cluster's day (UTC), summed over its nodes, with each node's
 * share; per sensor the frames each node took. 404 on an appliance that is not in a cluster.
 */
final class ClusterRoutes {
    private final Supplier<ClusterStatistics> cluster;
    private final Clock clock;

    ClusterRoutes(Supplier<ClusterStatistics> cluster, Clock clock) {
        this.cluster = cluster;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/cluster/statistics", Role.USER, c -> view(ClusterDay.of(LocalDate.now(clock), cluster().nodes()))));
    }

    private ClusterStatistics cluster() {
        ClusterStatistics statistics = cluster.get();
        if (statistics == null) {
            throw ApiError.notFound("this appliance is not in a cluster (etc/d4.cluster.registry.cfg)");
        }
        return statistics;
    }

    static Map<String, Object> view(ClusterDay d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("day", d.day().toString());
        v.put("frames", d.frames());
        v.put("nodes", d.nodes().stream().map(n -> node(d, n)).toList());
        v.put("sensors", d.framesPerSensor().entrySet().stream().map(e -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("uuid", e.getKey());
            s.put("frames", e.getValue());
            s.put("bytes", d.bytesPerSensor().getOrDefault(e.getKey(), 0L));
            s.put("nodes", d.framesByNode(e.getKey()));
            return s;
        }).toList());
        Map<String, Long> types = new LinkedHashMap<>();
        d.framesPerType().forEach((t, f) -> types.put(Integer.toString(t), f));
        v.put("types", types);
        return v;
    }

    private static Map<String, Object> node(ClusterDay d, NodeStatistics n) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("node", n.node());
        v.put("host", n.host());
        v.put("local", n.local());
        v.put("at", n.at().toString());
        v.put("day", n.day().toString());
        v.put("connected_sensors", n.connectedSensors());
        v.put("frames", d.frames(n));
        v.put("bytes", n.day().equals(d.day()) ? n.bytes() : 0);
        v.put("share", Math.round(d.share(n) * 10_000) / 10_000.0);
        return v;
    }
}
