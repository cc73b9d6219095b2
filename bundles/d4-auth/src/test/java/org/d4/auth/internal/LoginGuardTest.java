// SPDX-License-Identifier: Apache-2.0
package org.d4.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The lockout's bounded tables under the attacker's trick of flushing a lock by failing from many
 * other addresses or as many other names: 3 failures per user, 5 per address, a 60 s window, a
 * 30 s lock, tables of 100 entries.
 */
class LoginGuardTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int TABLE = 100;
    private final AtomicLong clock = new AtomicLong(5_000 * SECOND);
    private final LoginGuard guard = new LoginGuard(3, 5, 60 * SECOND, 30 * SECOND, clock::get, TABLE);

    @Test
    void aLockedAddressStaysLockedWhileManyOtherAddressesFail() {
        for (int i = 0; i < 5; i++) {
            guard.failed("user" + i, "192.0.2.1");
        }
        assertTrue(guard.locked("someone", "192.0.2.1"));
        for (int i = 0; i < 50 * TABLE; i++) {
            guard.failed("flood" + i, "198.51." + (i / 256) + "." + (i % 256));
        }
        assertTrue(guard.locked("someone", "192.0.2.1"), "the flood evicted a locked address");
        assertFalse(guard.locked("someone", "198.51.0.0"), "an unlocked address was kept over the lock");
        clock.addAndGet(31 * SECOND);
        assertFalse(guard.locked("someone", "192.0.2.1"), "the lock outlived its duration");
    }

    @Test
    void aLockedUserStaysLockedWhileManyOtherNamesFail() {
        for (int i = 0; i < 3; i++) {
            guard.failed("alice", "192.0.2." + i);
        }
        assertTrue(guard.locked("alice", "203.0.113.9"));
        for (int i = 0; i < 50 * TABLE; i++) {
            guard.failed("name" + i, "203.0.113." + (i % 200));
            clock.addAndGet(1_000_000L);
        }
        assertTrue(guard.locked("alice", "203.0.113.250"), "the flood of names evicted a locked user");
    }

    @Test
    void unlockedEntriesGoOldestFirstToMakeRoom() {
        guard.failed("x", "192.0.2.1");
        guard.failed("x", "192.0.2.1");
        clock.addAndGet(SECOND);
        for (int i = 0; i < TABLE - 1; i++) {
            guard.failed("y", "198.51.100." + i);
        }
        guard.failed("y", "203.0.113.1");   // the table is full: the oldest, 192.0.2.1, makes room
        for (int i = 0; i < 3; i++) {
            guard.failed("z", "192.0.2.1");
        }
        // had 192.0.2.1 kept its first two failures, five would lock it now
        assertFalse(guard.locked("other", "192.0.2.1"));
        assertEquals(0, guard.untrackedFailures());
    }

    @Test
    void aTableFullOfLocksRefusesWhatItCannotTrackUntilTheEarliestLockEnds() {
        for (int a = 0; a < TABLE; a++) {
            for (int i = 0; i < 5; i++) {
                guard.failed("n" + a + "-" + i, "198.51.100." + a);
            }
            clock.addAndGet(SECOND / 10);
        }
        assertTrue(guard.locked("anyone", "198.51.100.0"));
        assertFalse(guard.locked("anyone", "192.0.2.7"), "not saturated before a failure could not be tracked");
        for (int i = 0; i < 20; i++) {
            guard.failed("guess", "192.0.2.7");
        }
        assertEquals(20, guard.untrackedFailures());
        assertTrue(guard.locked("anyone", "192.0.2.7"), "an untracked address may be guessed without limit");
        assertTrue(guard.locked("anyone", "192.0.2.8"));
        for (int a = 0; a < TABLE; a++) {
            assertTrue(guard.locked("anyone", "198.51.100." + a), "a lock was dropped to make room");
        }
        // the first lock (198.51.100.0) was set 10 s before the last one and ends 30 s after it was set
        clock.addAndGet(30 * SECOND - 10 * SECOND + SECOND);
        assertFalse(guard.locked("anyone", "192.0.2.7"), "refused after the earliest lock ended");
        assertFalse(guard.locked("anyone", "198.51.100.0"));
        guard.failed("guess", "192.0.2.7");
        assertEquals(20, guard.untrackedFailures(), "an ended lock makes room again");
    }

    @Test
    void anUntrackedUserNameIsRefusedWhileTheUserTableIsFullOfLocks() {
        for (int u = 0; u < TABLE; u++) {
            for (int i = 0; i < 3; i++) {
                guard.failed("locked" + u, "192.0.2." + (u % 200));
            }
        }
        guard.failed("admin", "203.0.113.1");
        assertEquals(1, guard.untrackedFailures());
        assertTrue(guard.locked("admin", "203.0.113.2"));
        clock.addAndGet(31 * SECOND);
        assertFalse(guard.locked("admin", "203.0.113.2"));
    }
}
