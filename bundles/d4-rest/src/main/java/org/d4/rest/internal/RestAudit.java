// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;

/**
 * What the REST API writes into the audit log (channel {@code rest}): every state-changing request
 * with its outcome, every failed login, and a successful login once per user, address and kind (password or token) every
 * {@link #LOGIN_REPEAT_NANOS} (HTTP basic and tokens authenticate every request; recording each
 * would bury the actions).
 */
final class RestAudit {
    static final String CHANNEL = "rest";
    static final long LOGIN_REPEAT_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int MAX_REMEMBERED = 1024;

    private final Supplier<AuditLog> audit;
    private final LongSupplier clock;
    private final Map<String, Long> recentLogins = new LinkedHashMap<>(16, 0.75f, true);

    RestAudit(Supplier<AuditLog> audit, LongSupplier clock) {
        this.audit = audit;
        this.clock = clock;
    }

    void loginFailed(String claimedName, String remote) {
        record(AuditEntry.of(claimedName.isEmpty() ? "anonymous" : claimedName, CHANNEL, remote, "login", claimedName, false,
                "wrong, unknown, locked-out or revoked credentials"));
    }

    void loggedIn(String name, String remote, boolean byPassword) {
        long now = clock.getAsLong();
        String key = name + "\n" + remote + "\n" + byPassword;
        synchronized (recentLogins) {
            Long last = recentLogins.get(key);
            if (last != null && now - last < LOGIN_REPEAT_NANOS) {
                return;
            }
            recentLogins.put(key, now);
            if (recentLogins.size() > MAX_REMEMBERED) {
                recentLogins.remove(recentLogins.keySet().iterator().next());
            }
        }
        record(AuditEntry.of(name, CHANNEL, remote, "login", name, true, byPassword ? "password" : "api token"));
    }

    /** A request refused before it was authenticated or routed, such as one from another site. */
    void refused(String claimedName, String remote, String request, String reason) {
        String target = request.length() > 128 ? request.substring(0, 128) : request;
        record(AuditEntry.of(claimedName.isEmpty() ? "anonymous" : claimedName, CHANNEL, remote, "request", target, false, "HTTP 403: " + reason));
    }

    void action(String actor, String remote, Route route, String target, int status, String reason) {
        boolean ok = status < 400;
        record(AuditEntry.of(actor, CHANNEL, remote, route.auditAction(), target, ok, ok ? "" : "HTTP " + status + ": " + reason));
    }

    /** What a request without path parameters acts on, from its body: a name, UUID, address or type; never a secret. */
    static String bodyTarget(com.fasterxml.jackson.databind.JsonNode body) {
        for (String field : new String[] {"name", "uuid", "ip", "type", "extended_type"}) {
            com.fasterxml.jackson.databind.JsonNode value = body.get(field);
            if (value != null && value.isValueNode()) {
                String text = value.asText();
                return text.length() > 128 ? text.substring(0, 128) : text;
            }
        }
        return "";
    }

    private void record(AuditEntry entry) {
        AuditLog log = audit.get();
        if (log != null) {
            log.record(entry);
        }
    }
}
