// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.function.LongSupplier;

/** Removes expired records a slice at a time, walking the name index round and round. */
final class ExpirySweeper {
    private final PdnsStore store;
    private final Expirations expirations;
    private final LongSupplier clock;
    private byte[] from;

    ExpirySweeper(PdnsStore store, Expirations expirations, LongSupplier clock) {
        this.store = store;
        this.expirations = expirations;
        this.clock = clock;
    }

    /** Looks at up to {@code maxKeys} records; returns how many expired ones it removed. */
    int sweep(int maxKeys) {
        NavigableSet<byte[]> keys = from == null ? store.byName() : store.byName().tailSet(from, false);
        long now = clock.getAsLong();
        List<byte[]> expired = new ArrayList<>();
        int seen = 0;
        byte[] last = null;
        for (byte[] key : keys) {
            last = key;
            if (expirations.applies(RecordKeys.type(key))) {
                RecordValue v = store.get(key);
                if (v != null && expirations.expired(RecordKeys.type(key), v.timeLast(), now)) {
                    expired.add(key);
                }
            }
            if (++seen >= maxKeys) {
                break;
            }
        }
        from = seen >= maxKeys ? last : null;
        for (byte[] key : expired) {
            store.delete(key);
        }
        store.add("expired", expired.size());
        return expired.size();
    }
}
