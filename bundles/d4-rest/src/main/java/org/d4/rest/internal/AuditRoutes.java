// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.d4.api.security.Role;

/** {@code GET /audit?before=&limit=}: the audit log, newest first, for administrators. */
final class AuditRoutes {
    private final Supplier<AuditLog> audit;

    AuditRoutes(Supplier<AuditLog> audit) {
        this.audit = audit;
    }

    List<Route> routes() {
        return List.of(Route.of("GET", "/audit", Role.ADMIN, c -> {
            AuditLog log = audit.get();
            if (log == null) {
                throw new ApiError(503, "the audit log is not running");
            }
            long before = c.queryNumber("before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
            int limit = (int) c.queryNumber("limit", 100, 1, 1000);
            return log.entries(before, limit).stream().map(AuditRoutes::view).toList();
        }));
    }

    static Map<String, Object> view(AuditEntry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sequence", e.sequence());
        v.put("time", e.time().toString());
        v.put("actor", e.actor());
        v.put("channel", e.channel());
        v.put("remote", e.remote());
        v.put("action", e.action());
        v.put("target", e.target());
        v.put("success", e.success());
        v.put("detail", e.detail());
        return v;
    }
}
