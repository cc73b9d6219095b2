// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lockout after repeated failed logins, per user name and per remote address: {@code maxFailures}
 * failures within {@code windowNanos} lock that name (or address) for {@code lockNanos}, during
 * which even the right password is refused without running bcrypt. A success clears the user's
 * count, not the address's (one valid account must not reset an address that guesses others).
 * Both tables are bounded, so a flood of names or addresses cannot fill memory.
 */
final class LoginGuard {
    static final int MAX_TRACKED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LoginGuard.class);

    private static final class Failures {
        long windowStart;
        int count;
        long lockedUntil;
        boolean lockLogged;
    }

    private final int maxUserFailures;
    private final int maxAddressFailures;
    private final long windowNanos;
    private final long lockNanos;
    private final LongSupplier clock;
    private final Map<String, Failures> users = new LinkedHashMap<>();
    private final Map<String, Failures> addresses = new LinkedHashMap<>();

    LoginGuard(int maxUserFailures, int maxAddressFailures, long windowNanos, long lockNanos, LongSupplier clock) {
        this.maxUserFailures = maxUserFailures;
        this.maxAddressFailures = maxAddressFailures;
        this.windowNanos = windowNanos;
        this.lockNanos = lockNanos;
        this.clock = clock;
    }

    /** True (and logged once per lockout) when the user or the address is locked out now. */
    synchronized boolean locked(String name, String address) {
        long now = clock.getAsLong();
        return lockedNow(users, "user", name, now) | lockedNow(addresses, "address", address, now);
    }

    /** Counts a failed login; logs it, and the lockout it causes. */
    synchronized void failed(String name, String address) {
        long now = clock.getAsLong();
        LOG.warn("Failed login as '{}' from {}", printable(name), address == null || address.isEmpty() ? "an unknown address" : address);
        count(users, "user", name, maxUserFailures, now);
        count(addresses, "address", address, maxAddressFailures, now);
    }

    synchronized void succeeded(String name) {
        users.remove(name);
    }

    private boolean lockedNow(Map<String, Failures> table, String what, String key, long now) {
        Failures f = key == null || key.isEmpty() ? null : table.get(key);
        if (f == null || f.lockedUntil == 0 || now - f.lockedUntil >= 0) {
            return false;
        }
        if (!f.lockLogged) {
            f.lockLogged = true;
            LOG.warn("Refused a login: {} '{}' is locked out for {} more seconds", what, printable(key), (f.lockedUntil - now) / 1_000_000_000L);
        }
        return true;
    }

    private void count(Map<String, Failures> table, String what, String key, int max, long now) {
        if (key == null || key.isEmpty() || max <= 0) {
            return;
        }
        Failures f = table.remove(key);   // re-inserted last: the table is in order of last failure
        if (f == null) {
            f = new Failures();
            f.windowStart = now;
            evict(table, now);
        }
        if (now - f.windowStart > windowNanos || (f.lockedUntil != 0 && now - f.lockedUntil >= 0)) {
            f.windowStart = now;
            f.count = 0;
            f.lockedUntil = 0;
        }
        f.count++;
        if (f.count >= max && f.lockedUntil == 0) {
            f.lockedUntil = now + lockNanos;
            f.lockLogged = false;
            LOG.warn("Locked out {} '{}' for {} s after {} failed logins", what, printable(key), lockNanos / 1_000_000_000L, f.count);
        }
        table.put(key, f);
    }

    // drop entries whose window and lock are over, then the oldest if still full
    private void evict(Map<String, Failures> table, long now) {
        if (table.size() < MAX_TRACKED) {
            return;
        }
        table.values().removeIf(f -> now - f.windowStart > windowNanos && (f.lockedUntil == 0 || now - f.lockedUntil >= 0));
        Iterator<Failures> oldest = table.values().iterator();
        while (table.size() >= MAX_TRACKED && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** A user name as typed by anyone: bounded and without control characters, for the log. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
