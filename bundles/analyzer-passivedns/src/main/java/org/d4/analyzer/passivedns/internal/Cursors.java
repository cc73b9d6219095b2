// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where paged queries stopped. pDNS clients read {@code x-dribble-cursor} as a positive integer
 * and send it back, so a cursor is a random number standing for the position (the last key
 * served) of its query. Bounded: the least recently used go first beyond {@code capacity}, and a
 * cursor lapses after {@code lifetimeSeconds} unused; a restart forgets them all.
 */
final class Cursors {
    private record Entry(String fingerprint, byte[] position, long touched) {
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

    /** A new cursor for the query with this fingerprint, continuing after {@code position}. */
    synchronized long create(String fingerprint, byte[] position) {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0 || entries.containsKey(id));
        entries.put(id, new Entry(fingerprint, position.clone(), clock.getAsLong()));
        while (entries.size() > capacity) {
            Map.Entry<Long, Entry> eldest = entries.entrySet().iterator().next();
            entries.remove(eldest.getKey());
        }
        return id;
    }

    /** The position a cursor stands for. */
    synchronized byte[] position(long id, String fingerprint) throws BadRequest {
        Entry e = entries.get(id);
        long now = clock.getAsLong();
        if (e == null || now - e.touched() > lifetimeSeconds) {
            entries.remove(id);
            throw new BadRequest("unknown or expired cursor " + id + " (cursors last " + lifetimeSeconds / 60 + " minutes unused): start the query again");
        }
        if (!e.fingerprint().equals(fingerprint)) {
            throw new BadRequest("cursor " + id + " belongs to another query (same query and filters needed to continue)");
        }
        entries.put(id, new Entry(e.fingerprint(), e.position(), now));
        return e.position().clone();
    }

    synchronized int size() {
        return entries.size();
    }
}
