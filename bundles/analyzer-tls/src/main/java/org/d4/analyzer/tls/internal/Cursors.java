// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where paged queries stopped: a cursor is a random positive number standing for the position
 * (the last index entry served) of its query. Bounded: the least recently used go first beyond
 * {@code capacity}; a cursor lapses after {@code lifetimeSeconds} unused; a restart forgets them.
 */
final class Cursors {
    private record Entry(String query, byte[] position, long touched) {
    }

    private final int capacity;
    private final long lifetimeSeconds;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    Cursors(int capacity, long lifetimeSeconds, LongSupplier clock) {
        this.capacity = capacity;
        this.lifetimeSeconds = lifetimeSeconds;
        this.clock = clock;
    }

    synchronized long create(String query, byte[] position) {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0 || entries.containsKey(id));
        entries.put(id, new Entry(query, position.clone(), clock.getAsLong()));
        while (entries.size() > capacity) {
            Map.Entry<Long, Entry> eldest = entries.entrySet().iterator().next();
            entries.remove(eldest.getKey());
        }
        return id;
    }

    synchronized byte[] position(long id, String query) throws Malformed {
        Entry e = entries.get(id);
        long now = clock.getAsLong();
        if (e == null || now - e.touched() > lifetimeSeconds) {
            entries.remove(id);
            throw new Malformed("unknown or expired cursor " + id + " (cursors last " + lifetimeSeconds / 60 + " minutes unused): start the query again");
        }
        if (!e.query().equals(query)) {
            throw new Malformed("cursor " + id + " belongs to another query (same query and filters needed to continue)");
        }
        entries.put(id, new Entry(e.query(), e.position(), now));
        return e.position().clone();
    }
}
