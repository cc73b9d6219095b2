// SPDX-License-Identifier: Apache-2.0
package org.d4.common.web;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Where paged queries stopped. Clients (pDNS clients read {@code x-dribble-cursor} as a positive
 * integer) send the cursor back, so a cursor is a random positive number standing for the position
 * (the last index entry served) of its query, named by a fingerprint of the query and its filters.
 * Bounded: the least recently used go first beyond {@code capacity}, and a cursor lapses after
 * {@code lifetimeSeconds} unused; a restart forgets them all.
 */
public final class QueryCursors {
    private record Entry(String query, byte[] position, long touched) {
    }

    private final int capacity;
    private final long lifetimeSeconds;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    /** @param clock seconds, for the lifetimes */
    public QueryCursors(int capacity, long lifetimeSeconds, LongSupplier clock) {
        this.capacity = capacity;
        this.lifetimeSeconds = lifetimeSeconds;
        this.clock = clock;
    }

    /** A new cursor for the query with this fingerprint, continuing after {@code position}. */
    public synchronized long create(String query, byte[] position) {
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

    /**
     * The position cursor {@code id} stands for, if it belongs to the query with this fingerprint;
     * otherwise (unknown, lapsed, another query's) the caller's {@code error}, its message for the client.
     */
    public synchronized <E extends Exception> byte[] position(long id, String query, Function<String, E> error) throws E {
        Entry e = entries.get(id);
        long now = clock.getAsLong();
        if (e == null || now - e.touched() > lifetimeSeconds) {
            entries.remove(id);
            throw error.apply("unknown or expired cursor " + id + " (cursors last " + lifetimeSeconds / 60 + " minutes unused): start the query again");
        }
        if (!e.query().equals(query)) {
            throw error.apply("cursor " + id + " belongs to another query (same query and filters needed to continue)");
        }
        entries.put(id, new Entry(e.query(), e.position(), now));
        return e.position().clone();
    }

    synchronized int size() {
        return entries.size();
    }
}
