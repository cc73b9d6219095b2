// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.d4.api.security.Role;
import org.junit.jupiter.api.Test;

class RestAuditTest {
    @Test
    void actionsAreNamedByTheirPath() {
        assertEquals("sensors.approve", Route.of("POST", "/sensors/([^/]+)/approve", Role.ADMIN, c -> null).auditAction());
        assertEquals("users.create", Route.of("POST", "/users", Role.ADMIN, c -> null).auditAction());
        assertEquals("users.update", Route.of("PUT", "/users/([^/]+)", Role.ADMIN, c -> null).auditAction());
        assertEquals("users.tokens.delete", Route.of("DELETE", "/users/([^/]+)/tokens/([0-9a-f]{8,64})", Role.ADMIN, c -> null).auditAction());
        assertEquals("me.password.update", Route.of("PUT", "/me/password", null, c -> null).auditAction());
    }

    @Test
    void bodyTargetsNeverCarrySecrets() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("carol", RestAudit.bodyTarget(json.readTree("{\"password\":\"secret\",\"name\":\"carol\"}")));
        assertEquals("", RestAudit.bodyTarget(json.readTree("{\"password\":\"secret\",\"current_password\":\"x\"}")));
        assertEquals("", RestAudit.bodyTarget(json.readTree("{\"name\":{\"nested\":1}}")));
        assertEquals("", RestAudit.bodyTarget(com.fasterxml.jackson.databind.node.MissingNode.getInstance()));
    }

    @Test
    void successfulLoginsAreRecordedOncePerUserAddressAndKindEveryTenMinutes() {
        List<AuditEntry> recorded = new ArrayList<>();
        AuditLog log = new AuditLog() {
            @Override
            public void record(AuditEntry entry) {
                recorded.add(entry);
            }

            @Override
            public List<AuditEntry> entries(long before, int limit) {
                return recorded;
            }
        };
        AtomicLong clock = new AtomicLong();
        RestAudit audit = new RestAudit(() -> log, clock::get);
        audit.loggedIn("admin", "127.0.0.1", true);
        audit.loggedIn("admin", "127.0.0.1", true);
        audit.loggedIn("admin", "127.0.0.1", false);
        audit.loggedIn("admin", "192.0.2.1", true);
        assertEquals(3, recorded.size());
        clock.addAndGet(RestAudit.LOGIN_REPEAT_NANOS);
        audit.loggedIn("admin", "127.0.0.1", true);
        assertEquals(4, recorded.size());
        audit.loginFailed("", "127.0.0.1");
        audit.loginFailed("admin", "127.0.0.1");
        assertEquals(6, recorded.size(), "every failure");
        assertEquals("anonymous", recorded.get(4).actor());
        assertEquals(false, recorded.get(5).success());
        audit.refused("", "192.0.2.9", "POST /api/v1/users" + "x".repeat(500), "cross-site request refused: Origin https://evil.example ...");
        AuditEntry refused = recorded.get(6);
        assertEquals("anonymous", refused.actor());
        assertEquals("request", refused.action());
        assertEquals(128, refused.target().length(), "the request line is bounded");
        assertEquals(false, refused.success());
        assertEquals("HTTP 403: cross-site request refused: Origin https://evil.example ...", refused.detail());
    }
}
