// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.d4.api.security.Role;
import org.junit.jupiter.api.Test;

class ConsoleAuditTest {
    /** An audit log kept in a list, newest last, numbering entries as a real log does. */
    static final class ListLog implements AuditLog {
        final List<AuditEntry> entries = new ArrayList<>();

        @Override
        public synchronized void record(AuditEntry e) {
            entries.add(new AuditEntry(entries.size() + 1, e.time(), e.actor(), e.channel(), e.remote(), e.action(), e.target(), e.success(), e.detail()));
        }

        @Override
        public synchronized List<AuditEntry> entries(long before, int limit) {
            List<AuditEntry> newestFirst = new ArrayList<>(entries);
            java.util.Collections.reverse(newestFirst);
            return newestFirst.stream().filter(e -> e.sequence() < before).limit(limit).toList();
        }
    }

    @Test
    void recordsOnChannelConsoleWhileALogIsBound() {
        ConsoleAudit audit = new ConsoleAudit();
        ConsoleUser admin = new ConsoleUser("root", Set.of(Role.ADMIN), false, "t", "192.0.2.1");
        audit.record(admin, "sensor.approve", "u-1", true, "");   // no log yet: nothing to keep, nothing thrown
        assertTrue(audit.log().isEmpty());
        assertEquals(List.of(), audit.entries(Long.MAX_VALUE, 10));

        ListLog log = new ListLog();
        audit.bindLog(log);
        audit.record(admin, "sensor.kick", "u-2", true, "");
        audit.record("mallory", "198.51.100.9", "login", "mallory", false, "login form");
        assertEquals(2, log.entries.size());
        AuditEntry kick = log.entries.get(0);
        assertEquals("console", kick.channel());
        assertEquals("root", kick.actor());
        assertEquals("192.0.2.1", kick.remote());
        assertEquals("sensor.kick", kick.action());
        assertEquals("u-2", kick.target());
        assertTrue(kick.success());
        assertEquals("login", audit.entries(Long.MAX_VALUE, 1).get(0).action(), "newest first");
        assertEquals("sensor.kick", audit.entries(2, 10).get(0).action(), "paged back by sequence");

        audit.unbindLog(new ListLog());
        assertTrue(audit.log().isPresent(), "unbinding another log keeps this one");
        audit.unbindLog(log);
        assertTrue(audit.log().isEmpty());
    }
}
