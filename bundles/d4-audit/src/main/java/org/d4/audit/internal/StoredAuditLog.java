// SPDX-License-Identifier: Apache-2.0
package org.d4.audit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.d4.api.storage.CounterMap;
import org.d4.api.storage.KeyValueStore;
import org.d4.api.storage.StoredMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log in the store: entries keyed by their sequence number (zero-padded, so key order is
 * record order), and two counters, the next number and the oldest kept. Recording is a put into
 * the store's memory, made durable by its periodic commit; beyond {@code max.entries} the oldest
 * are removed, one for each new one, so the log never grows past its bound.
 */
@Component(configurationPid = "d4.audit", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = AuditConfig.class)
public final class StoredAuditLog implements AuditLog {
    static final String MAP = "audit.entries";
    private static final String NEXT = "next";
    private static final String OLDEST = "oldest";
    private static final Logger LOG = LoggerFactory.getLogger(StoredAuditLog.class);

    private final StoredMap<AuditEntry> entries;
    private final CounterMap counters;
    private final int maxEntries;

    @Activate
    public StoredAuditLog(@Reference KeyValueStore store, AuditConfig config) {
        this(store, config.max_entries());
    }

    StoredAuditLog(KeyValueStore store, int maxEntries) {
        this.entries = store.map(MAP, new AuditEntryCodec());
        this.counters = store.counters("audit.counters");
        this.maxEntries = Math.max(1, maxEntries);
    }

    @Override
    public synchronized void record(AuditEntry entry) {
        try {
            long sequence = counters.add(NEXT, 1);
            entries.put(key(sequence), new AuditEntry(sequence, entry.time(), entry.actor(), entry.channel(), entry.remote(), entry.action(),
                    entry.target(), entry.success(), entry.detail()));
            long oldest = Math.max(1, counters.get(OLDEST));
            while (sequence - oldest + 1 > maxEntries) {
                entries.remove(key(oldest));
                oldest++;
            }
            counters.add(OLDEST, oldest - counters.get(OLDEST));
        } catch (RuntimeException e) {
            // the action itself has happened; losing its record must not undo or fail it
            LOG.error("Could not record the audit entry {} {} by {}", entry.action(), entry.target(), entry.actor(), e);
        }
    }

    @Override
    public List<AuditEntry> entries(long before, int limit) {
        List<AuditEntry> result = new ArrayList<>();
        if (limit <= 0) {
            return result;
        }
        long oldest = Math.max(1, counters.get(OLDEST));
        long from = Math.min(before - 1, counters.get(NEXT));
        for (long s = from; s >= oldest && result.size() < limit; s--) {
            Optional<AuditEntry> e = entries.get(key(s));
            e.ifPresent(result::add);
        }
        return result;
    }

    static String key(long sequence) {
        return String.format("%019d", sequence);
    }
}
