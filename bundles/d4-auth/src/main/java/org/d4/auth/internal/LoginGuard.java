// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lockout after repeated failed logins, per user name and per remote address: {@code maxFailures}
 * failures within {@code windowNanos} lock that name (or address) for {@code lockNanos}, during
 * which even the right password is refused without running bcrypt. A success clears the user's
 * count, not the address's (one valid account must not reset an address that guesses others).
 * Both tables are bounded ({@link FailureTable}), so a flood of names or addresses cannot fill memory,
 * and never drop a lock in force to make room.
 */
final class LoginGuard {
    static final int MAX_TRACKED = 10_000;
    /** At most one line a minute about failures that could not be tracked. */
    static final long UNTRACKED_LOG_INTERVAL_NANOS = 60_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(LoginGuard.class);

    private final int maxUserFailures;
    private final int maxAddressFailures;
    private final long windowNanos;
    private final long lockNanos;
    private final LongSupplier clock;
    private final FailureTable users;
    private final FailureTable addresses;
    private long untracked;
    private long untrackedLoggedAt;
    private boolean untrackedLogged;

    LoginGuard(int maxUserFailures, int maxAddressFailures, long windowNanos, long lockNanos, LongSupplier clock) {
        this(maxUserFailures, maxAddressFailures, windowNanos, lockNanos, clock, MAX_TRACKED);
    }

    LoginGuard(int maxUserFailures, int maxAddressFailures, long windowNanos, long lockNanos, LongSupplier clock, int maxTracked) {
        this.maxUserFailures = maxUserFailures;
        this.maxAddressFailures = maxAddressFailures;
        this.windowNanos = windowNanos;
        this.lockNanos = lockNanos;
        this.clock = clock;
        this.users = new FailureTable(maxTracked, windowNanos);
        this.addresses = new FailureTable(maxTracked, windowNanos);
    }

    /**
     * True (and logged once per lockout) when the user or the address is locked out now, or when
     * its table is full of locked entries and does not hold it: an untracked name or address could
     * otherwise be guessed without limit, so it waits until the earliest lock ends.
     */
    synchronized boolean locked(String name, String address) {
        long now = clock.getAsLong();
        return lockedNow(users, "user", name, maxUserFailures, now) | lockedNow(addresses, "address", address, maxAddressFailures, now);
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

    /** Failed logins that could not be counted because a table was full of locked entries. */
    synchronized long untrackedFailures() {
        return untracked;
    }

    private boolean lockedNow(FailureTable table, String what, String key, int max, long now) {
        if (key == null || key.isEmpty() || max <= 0) {
            return false;
        }
        FailureTable.Failures f = table.get(key);
        if (f == null) {
            return table.saturatedAt(now);
        }
        if (!f.lockedAt(now)) {
            return false;
        }
        if (!f.lockLogged) {
            f.lockLogged = true;
            LOG.warn("Refused a login: {} '{}' is locked out for {} more seconds", what, printable(key), (f.lockedUntil - now) / 1_000_000_000L);
        }
        return true;
    }

    private void count(FailureTable table, String what, String key, int max, long now) {
        if (key == null || key.isEmpty() || max <= 0) {
            return;
        }
        FailureTable.Failures f = table.touch(key, now);   // the table stays in order of last failure
        if (f == null) {
            untracked(what, now);
            return;
        }
        if (f.lockedUntil != 0 && !f.lockedAt(now) || now - f.windowStart > windowNanos) {
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
    }

    private void untracked(String what, long now) {
        untracked++;
        if (!untrackedLogged || now - untrackedLoggedAt >= UNTRACKED_LOG_INTERVAL_NANOS) {
            untrackedLogged = true;
            untrackedLoggedAt = now;
            LOG.error("The {} lockout table is full of locked entries: {} failed logins could not be tracked so far; "
                    + "password logins of untracked ones are refused until the earliest lock ends", what, untracked);
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
