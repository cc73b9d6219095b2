// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.d4.api.alert.Alert;
import org.d4.api.alert.AlertService;
import org.d4.api.security.Role;

/**
 * {@code GET /alerts}: the active alerts and the most recent ones; {@code GET /alerts/history?before=&limit=}
 * pages back through the history; {@code POST /alerts/check} (administrators) runs the checks now.
 */
final class AlertRoutes {
    private final Supplier<AlertService> alerts;

    AlertRoutes(Supplier<AlertService> alerts) {
        this.alerts = alerts;
    }

    List<Route> routes() {
        return List.of(
                Route.of("GET", "/alerts", Role.USER, c -> {
                    AlertService service = running();
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("active", service.active().stream().map(AlertRoutes::view).toList());
                    v.put("recent", service.history(Long.MAX_VALUE, (int) c.queryNumber("limit", 20, 1, 1000)).stream()
                            .map(AlertRoutes::view).toList());
                    return v;
                }),
                Route.of("GET", "/alerts/history", Role.USER, c -> running().history(c.queryNumber("before", Long.MAX_VALUE, 1, Long.MAX_VALUE),
                        (int) c.queryNumber("limit", 100, 1, 1000)).stream().map(AlertRoutes::view).toList()),
                Route.of("POST", "/alerts/check", Role.ADMIN, c -> running().checkNow().stream().map(AlertRoutes::view).toList()));
    }

    private AlertService running() {
        AlertService service = alerts.get();
        if (service == null) {
            throw new ApiError(503, "the alerts are not running");
        }
        return service;
    }

    static Map<String, Object> view(Alert a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sequence", a.sequence());
        v.put("kind", a.kind().topicName());
        v.put("subject", a.subject());
        v.put("severity", a.severity().lowerName());
        v.put("state", a.active() ? "active" : "resolved");
        v.put("message", a.message());
        v.put("raised", a.raised().toString());
        v.put("resolved", a.resolved().map(Object::toString).orElse(null));
        return v;
    }
}
