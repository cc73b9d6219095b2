// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.d4.api.alert.Alert;
import org.d4.api.storage.CounterMap;
import org.d4.api.storage.KeyValueStore;
import org.d4.api.storage.StoredMap;

/**
 * The alerts in the store: every alert under its zero-padded sequence number (key order is raise
 * order), bounded to {@code maxHistory} entries; the active ones are those without a resolution
 * time. {@link #reconcile} compares what the checks found with what is active: a new condition
 * raises an alert, a condition no longer found resolves its alert, a lasting one changes nothing
 * (one notice per raise, one per resolution). Active alerts survive a restart, so a condition
 * still there after it is not raised again.
 */
final class AlertBook {
    static final String MAP = "alerts.entries";
    private static final String NEXT = "next";
    private static final String OLDEST = "oldest";

    private final KeyValueStore store;
    private final StoredMap<Alert> entries;
    private final CounterMap counters;
    private final int maxHistory;
    private final Map<String, Alert> active = new HashMap<>();

    AlertBook(KeyValueStore store, int maxHistory) {
        this.store = store;
        this.entries = store.map(MAP, new AlertCodec());
        this.counters = store.counters("alerts.counters");
        this.maxHistory = Math.max(1, maxHistory);
        entries.snapshot().values().stream().filter(Alert::active).forEach(a -> active.put(a.key(), a));
    }

    /**
     * Applies what the checks found now; {@code checked} lists the kinds whose check ran (an alert
     * of a kind that could not be checked, say while the analyzer host is away, stays as it is).
     *
     * @return the alerts raised and resolved, in that order
     */
    synchronized List<Alert> reconcile(Collection<Condition> found, Collection<Alert.Kind> checked, Instant now) {
        List<Alert> changes = new ArrayList<>();
        Map<String, Condition> byKey = new HashMap<>();
        found.forEach(c -> byKey.putIfAbsent(c.key(), c));
        for (Condition c : byKey.values()) {
            if (!active.containsKey(c.key())) {
                long sequence = counters.add(NEXT, 1);
                Alert alert = new Alert(sequence, c.kind(), c.subject(), c.severity(), c.message(), now, Optional.empty());
                entries.put(key(sequence), alert);
                active.put(alert.key(), alert);
                changes.add(alert);
            }
        }
        for (Alert a : List.copyOf(active.values())) {
            if (checked.contains(a.kind()) && !byKey.containsKey(a.key())) {
                Alert resolved = a.resolvedAt(now);
                if (a.sequence() >= counters.get(OLDEST)) {
                    entries.put(key(a.sequence()), resolved);   // else it has left the history already
                }
                active.remove(a.key());
                changes.add(resolved);
            }
        }
        if (!changes.isEmpty()) {
            trim();
            store.commit();
        }
        changes.sort(Comparator.comparing((Alert a) -> !a.active()).thenComparingLong(Alert::sequence));
        return changes;
    }

    synchronized List<Alert> active() {
        return active.values().stream().sorted(Comparator.comparingLong(Alert::sequence)).toList();
    }

    synchronized List<Alert> history(long before, int limit) {
        List<Alert> result = new ArrayList<>();
        long oldest = Math.max(1, counters.get(OLDEST));
        long from = Math.min(before - 1, counters.get(NEXT));
        for (long s = from; s >= oldest && result.size() < limit; s--) {
            entries.get(key(s)).ifPresent(result::add);
        }
        return result;
    }

    /**
     * Drops the oldest alerts beyond the bound. An active alert that old leaves the history too
     * (it stays active in memory and is resolved as usual; after a restart its condition, if it
     * lasts, is raised anew).
     */
    private void trim() {
        long next = counters.get(NEXT);
        long oldest = Math.max(1, counters.get(OLDEST));
        while (next - oldest + 1 > maxHistory) {
            entries.remove(key(oldest));
            oldest++;
        }
        counters.add(OLDEST, oldest - counters.get(OLDEST));
    }

    static String key(long sequence) {
        return String.format("%019d", sequence);
    }
}
