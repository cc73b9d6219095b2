// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The memory budget for bytes held before their frame's HMAC is verified, shared by every
 * connection of the sensor port. Without it, anyone who knows (or guesses, in shared-secret mode) a
 * sensor UUID could open many connections and make each hold an unfinished maximum-size frame until
 * the heap is gone.
 *
 * <p>Each connection has an {@link Account}: the bytes it holds ({@code held}) plus the credit it
 * reserved for its next read. A connection reads only with credit; when none can be granted it
 * stops reading (TCP backpressure) and {@link Account#await waits}. Grants follow three limits:
 * <ul>
 * <li>all connections together hold at most {@code limit} bytes;</li>
 * <li>connections that have not yet proven a key (no frame verified) hold at most half of it, so
 *     sensors that proved their key always keep the other half;</li>
 * <li>unproven connections of one source (an IPv4 address, an IPv6 /64) hold at most a fair share
 *     of that half: the half divided by the number of sources with unproven connections, but never
 *     less than one maximum frame and one read, so any single frame can complete.</li>
 * </ul>
 * A connection waiting longer than the wait timeout makes room: the unproven connections of the
 * source holding the most unverified bytes are closed, largest first, until the waiter's request is
 * covered, and the waiter is served first. Proven connections are never closed for memory; they
 * only wait. Thread-safe; callbacks run outside the lock.
 */
final class UnverifiedBytes {

    private final long limit;
    private final long unprovenLimit;
    private final long frameFloor;
    private final long waitNanos;
    private final LongSupplier nanoTime;
    private final Map<Object, Source> sources = new HashMap<>();
    private final Set<Account> priority = new LinkedHashSet<>();
    // waiters that proved a key and those that did not: a sensor's frame ending frees room in the whole
    // budget, which only the former can use without a look at the strangers' limits, so releases stay
    // cheap however many strangers wait (the periodic retry looks at everyone)
    private final Set<Account> waiting = new LinkedHashSet<>();
    private final Set<Account> waitingUnproven = new LinkedHashSet<>();
    private static final int OLDEST_STRANGERS_TRIED = 8;
    private int unprovenSources;
    private long total;
    private long unprovenTotal;
    private long peak;
    private long closedForMemory;

    /**
     * @param limit         bytes all connections may hold before verification
     * @param maxFrameBytes the largest payload plus one read: a single source may always hold this much
     * @param waitNanos     how long a connection waits for budget before others are closed for it
     */
    UnverifiedBytes(long limit, long maxFrameBytes, long waitNanos, LongSupplier nanoTime) {
        if (limit < 2 * maxFrameBytes) {
            throw new IllegalArgumentException("the budget of " + limit + " bytes must hold two frames of " + maxFrameBytes);
        }
        this.limit = limit;
        this.unprovenLimit = limit / 2;
        this.frameFloor = maxFrameBytes;
        this.waitNanos = waitNanos;
        this.nanoTime = nanoTime;
    }

    /** Sources are whole IPv4 addresses and IPv6 /64 networks (what one subscriber usually has). */
    static Object sourceOf(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] a = address.getAddress();
            return "v6:" + java.util.HexFormat.of().formatHex(a, 0, 8);
        }
        return address instanceof Inet4Address ? "v4:" + address.getHostAddress() : address.toString();
    }

    /** A new connection's account; {@code closer} closes the connection (from any thread). */
    synchronized Account open(InetAddress peer, Runnable closer) {
        Source source = sources.computeIfAbsent(sourceOf(peer), Source::new);
        Account account = new Account(source, closer);
        if (source.unprovenAccounts++ == 0) {
            unprovenSources++;
        }
        return account;
    }

    synchronized long total() {
        return total;
    }

    synchronized long unprovenTotal() {
        return unprovenTotal;
    }

    /** The most held at once since start. */
    synchronized long peak() {
        return peak;
    }

    synchronized int waiting() {
        return waiting.size() + waitingUnproven.size() + priority.size();
    }

    synchronized long closedForMemory() {
        return closedForMemory;
    }

    long limit() {
        return limit;
    }

    /**
     * Makes room for connections that waited longer than the wait timeout; called periodically.
     *
     * @return how many connections were asked to close
     */
    int evictForOverdueWaiters() {
        List<Account> toClose = new ArrayList<>();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            List<Account> all = new ArrayList<>(priority);
            all.addAll(waiting);
            all.addAll(waitingUnproven);
            for (Account waiter : all) {
                if (now - waiter.waitingSince < waitNanos) {
                    continue;
                }
                toClose.addAll(victimsFor(waiter.wanted - waiter.credit, toClose));
                if (waiting.remove(waiter) | waitingUnproven.remove(waiter)) {
                    priority.add(waiter);         // tried before the others from now on
                }
                waiter.waitingSince = now;
            }
            closedForMemory += toClose.size();
        }
        toClose.forEach(a -> a.closer.run());
        return toClose.size();
    }

    /** Unproven connections of the source holding the most, largest first, until {@code needed} is covered. */
    private List<Account> victimsFor(long needed, List<Account> alreadyChosen) {
        Source heaviest = sources.values().stream().filter(s -> s.unprovenBytes > 0)
                .max(Comparator.comparingLong(s -> s.unprovenBytes)).orElse(null);
        if (heaviest == null) {
            return List.of();                         // only proven sensors hold bytes: plain backpressure
        }
        List<Account> candidates = heaviest.members.stream().filter(a -> !a.proven && !a.closing && a.bytes() > 0 && !alreadyChosen.contains(a))
                .sorted(Comparator.comparingLong(Account::bytes).reversed()).toList();
        List<Account> chosen = new ArrayList<>();
        long freed = 0;
        for (Account a : candidates) {
            if (freed >= needed && !chosen.isEmpty()) {
                break;
            }
            a.closing = true;
            chosen.add(a);
            freed += a.bytes();
        }
        return chosen;
    }

    private boolean grantable(Account a, long more) {
        if (total + more > limit) {
            return false;
        }
        if (a.proven) {
            return true;
        }
        long share = Math.max(unprovenLimit / Math.max(1, unprovenSources), frameFloor);
        return unprovenTotal + more <= unprovenLimit && a.source.unprovenBytes + more <= share;
    }

    private void add(Account a, long delta) {
        total += delta;
        peak = Math.max(peak, total);
        if (!a.proven) {
            unprovenTotal += delta;
            a.source.unprovenBytes += delta;
        }
    }

    /**
     * Grants what now fits, priority waiters first, then in arrival order; returns the callbacks to run.
     * Waiters that proved no key are only looked at when strangers' bytes were freed (or by the
     * periodic {@link #retryWaiters}), since the room sensors free is mostly theirs to use again.
     */
    private List<Runnable> grantWaiters(boolean strangersFreed) {
        List<Runnable> granted = new ArrayList<>();
        grantFrom(priority, granted, Integer.MAX_VALUE);
        if (total < limit) {
            grantFrom(waiting, granted, Integer.MAX_VALUE);
        }
        if (total < limit && unprovenTotal < unprovenLimit) {
            // the oldest few always, since a sensor's release may be what they wait for; all of them only
            // when strangers' bytes were freed
            grantFrom(waitingUnproven, granted, strangersFreed ? Integer.MAX_VALUE : OLDEST_STRANGERS_TRIED);
        }
        return granted;
    }

    private void grantFrom(Set<Account> waiters, List<Runnable> granted, int tried) {
        if (waiters.isEmpty()) {
            return;
        }
        List<Account> candidates = new ArrayList<>(Math.min(waiters.size(), tried));
        for (Account a : waiters) {
            if (candidates.size() == tried) {
                break;
            }
            candidates.add(a);
        }
        for (Account a : candidates) {
            if (grant(a)) {
                waiters.remove(a);
                granted.add(a.onGranted);
            }
        }
    }

    /** Gives every waiter a look; called periodically, for room a release did not announce to them. */
    void retryWaiters() {
        List<Runnable> callbacks;
        synchronized (this) {
            callbacks = grantWaiters(true);
        }
        run(callbacks);
    }

    private boolean grant(Account a) {
        long more = a.wanted - a.credit;
        if (more > 0 && !grantable(a, more)) {
            return false;
        }
        add(a, Math.max(0, more));
        a.credit = Math.max(a.credit, a.wanted);
        return true;
    }

    private static void run(List<Runnable> callbacks) {
        callbacks.forEach(Runnable::run);
    }

    /** One connection's share of the budget. Its methods may be called from any thread. */
    final class Account {
        private final Source source;
        private final Runnable closer;
        private long held;
        private long credit;
        private long wanted;
        private boolean proven;
        private boolean closing;
        private boolean closed;
        private long waitingSince;
        private Runnable onGranted;

        private Account(Source source, Runnable closer) {
            this.source = source;
            this.closer = closer;
            source.members.add(this);
        }

        private long bytes() {
            return held + credit;
        }

        /**
         * Records that the connection now holds {@code heldNow} unverified bytes (already in memory: never
         * refused; its credit pays for them first) and asks for {@code wantedCredit} to read on.
         *
         * @param whenGranted run (on some thread, outside the lock) once the credit is granted, if it is
         *     not granted at once
         * @return true if it may read on; false if it must stop reading until {@code whenGranted} runs
         */
        boolean settle(long heldNow, long wantedCredit, Runnable whenGranted) {
            List<Runnable> callbacks;
            boolean mayRead;
            synchronized (UnverifiedBytes.this) {
                if (closed) {
                    return false;
                }
                long grown = Math.max(0, heldNow - held);
                long usedCredit = Math.min(credit, grown);
                long before = bytes();
                held = heldNow;
                credit -= usedCredit;
                if (isWaiting()) {                    // bytes that were on their way when reading stopped
                    if (wantedCredit > 0) {
                        add(this, bytes() - before);
                        return false;
                    }
                    waiting.remove(this);             // they finished the frame: nothing more is needed
                    waitingUnproven.remove(this);
                    priority.remove(this);
                }
                credit = Math.min(credit, wantedCredit);
                add(this, bytes() - before);
                wanted = wantedCredit;
                mayRead = grant(this);
                if (!mayRead) {
                    onGranted = whenGranted;
                    waitingSince = nanoTime.getAsLong();
                    (proven ? waiting : waitingUnproven).add(this);
                }
                callbacks = bytes() < before ? grantWaiters(!proven) : List.of();
            }
            run(callbacks);
            return mayRead;
        }

        private boolean isWaiting() {
            return waiting.contains(this) || waitingUnproven.contains(this) || priority.contains(this);
        }

        /** The connection verified a frame: it is a sensor's now, and no longer counted as a stranger's. */
        void proven() {
            List<Runnable> callbacks;
            synchronized (UnverifiedBytes.this) {
                if (proven || closed) {
                    return;
                }
                unprovenTotal -= bytes();
                source.unprovenBytes -= bytes();
                if (--source.unprovenAccounts == 0) {
                    unprovenSources--;
                }
                proven = true;
                if (waitingUnproven.remove(this)) {
                    waiting.add(this);
                }
                callbacks = grantWaiters(true);
            }
            run(callbacks);
        }

        /** The connection is gone: everything it held is free. */
        void close() {
            List<Runnable> callbacks;
            synchronized (UnverifiedBytes.this) {
                if (closed) {
                    return;
                }
                closed = true;
                waiting.remove(this);
                waitingUnproven.remove(this);
                priority.remove(this);
                add(this, -bytes());
                held = 0;
                credit = 0;
                if (!proven && --source.unprovenAccounts == 0) {
                    unprovenSources--;
                }
                source.members.remove(this);
                if (source.members.isEmpty()) {
                    sources.remove(source.key);
                }
                callbacks = grantWaiters(!proven);
            }
            run(callbacks);
        }

        long heldBytes() {
            synchronized (UnverifiedBytes.this) {
                return held;
            }
        }
    }

    /** One source address (or /64) and what its connections hold. */
    private static final class Source {
        private final Object key;
        private final Set<Account> members = new LinkedHashSet<>();
        private long unprovenBytes;
        private int unprovenAccounts;

        Source(Object key) {
            this.key = key;
        }
    }
}
