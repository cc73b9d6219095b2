// SPDX-License-Identifier: Apache-2.0
package org.d4.itest.auditlog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.osgi.service.component.annotations.Component;

/**
 * An audit log in memory (the newest 10,000 entries), ranked above any other so the console binds
 * to it when it is dropped into {@code deploy/}: the console's audit view is tested against it.
 */
@Component(service = AuditLog.class, property = "service.ranking:Integer=1000")
public final class MemoryAuditLog implements AuditLog {
    static final int MAX = 10_000;
    private final Deque<AuditEntry> entries = new ArrayDeque<>();
    private long next = 1;

    @Override
    public synchronized void record(AuditEntry e) {
        entries.addLast(new AuditEntry(next++, e.time(), e.actor(), e.channel(), e.remote(), e.action(), e.target(), e.success(), e.detail()));
        if (entries.size() > MAX) {
            entries.removeFirst();
        }
    }

    @Override
    public synchronized List<AuditEntry> entries(long before, int limit) {
        List<AuditEntry> result = new ArrayList<>();
        for (Iterator<AuditEntry> it = entries.descendingIterator(); it.hasNext() && result.size() < limit;) {
            AuditEntry e = it.next();
            if (e.sequence() < before) {
                result.add(e);
            }
        }
        return result;
    }
}
