// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The failed logins of one kind of key (user names or client addresses), bounded to
 * {@code capacity} entries in order of last failure. A locked entry is never evicted while its
 * lock lasts, otherwise an attacker could flush a lock by failing from many other keys. When every
 * entry is locked there is no room for a new key: the table then reports itself saturated until
 * its earliest lock ends, and {@link LoginGuard} refuses every key it does not track for that
 * time (untracked keys could otherwise be guessed without limit). Not thread-safe: the guard
 * serialises access.
 */
final class FailureTable {

    /** One key's failures in the current window and its lock, if any. */
    static final class Failures {
        long windowStart;
        int count;
        long lockedUntil;
        boolean lockLogged;

        boolean lockedAt(long now) {
            return lockedUntil != 0 && now - lockedUntil < 0;
        }
    }

    private final int capacity;
    private final long windowNanos;
    private final Map<String, Failures> entries = new LinkedHashMap<>();
    private long saturatedUntil;
    private boolean saturated;

    FailureTable(int capacity, long windowNanos) {
        this.capacity = capacity;
        this.windowNanos = windowNanos;
    }

    Failures get(String key) {
        return entries.get(key);
    }

    int size() {
        return entries.size();
    }

    /** Whether the table is full of locked entries, so that a key it does not hold cannot be counted. */
    boolean saturatedAt(long now) {
        if (saturated && now - saturatedUntil >= 0) {
            saturated = false;
        }
        return saturated;
    }

    /**
     * The entry of {@code key}, moved to the end (most recent), created when missing and there is
     * room; null when the table is full of locked entries.
     */
    Failures touch(String key, long now) {
        Failures f = entries.remove(key);
        if (f == null) {
            if (!makeRoom(now)) {
                return null;
            }
            f = new Failures();
            f.windowStart = now;
        }
        entries.put(key, f);
        return f;
    }

    void remove(String key) {
        entries.remove(key);
    }

    // first what is over (window and lock), then the oldest unlocked entries; never a lock in force
    private boolean makeRoom(long now) {
        if (entries.size() < capacity) {
            return true;
        }
        entries.values().removeIf(f -> now - f.windowStart > windowNanos && !f.lockedAt(now));
        long earliestLockEnd = Long.MAX_VALUE;
        boolean anyLock = false;
        Iterator<Failures> oldest = entries.values().iterator();
        while (entries.size() >= capacity && oldest.hasNext()) {
            Failures f = oldest.next();
            if (f.lockedAt(now)) {
                if (!anyLock || f.lockedUntil - earliestLockEnd < 0) {
                    earliestLockEnd = f.lockedUntil;
                }
                anyLock = true;
            } else {
                oldest.remove();
            }
        }
        if (entries.size() < capacity) {
            return true;
        }
        saturated = true;
        saturatedUntil = earliestLockEnd;
        return false;
    }
}
