// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UnverifiedBytesTest {
    static final long MB = 1 << 20;
    static final long WAIT = TimeUnit.SECONDS.toNanos(5);

    long now;
    final UnverifiedBytes budget = new UnverifiedBytes(8 * MB, MB, WAIT, () -> now);
    final List<String> closed = new ArrayList<>();

    UnverifiedBytes.Account open(String address, String name) throws Exception {
        return budget.open(InetAddress.getByName(address), () -> closed.add(name));
    }

    @Test
    void oneSourceGetsAFairShareOfTheHalfKeptForStrangers() throws Exception {
        UnverifiedBytes.Account a1 = open("192.0.2.1", "a1");
        UnverifiedBytes.Account a2 = open("192.0.2.1", "a2");
        UnverifiedBytes.Account b = open("198.51.100.7", "b");
        // two sources share the 4 MB for unproven connections: 2 MB each
        assertTrue(a1.settle(0, 2 * MB, () -> { }));
        assertFalse(a2.settle(0, 1, () -> { }), "source 192.0.2.1 used its share");
        assertTrue(b.settle(0, 2 * MB, () -> { }), "another source still gets its own");
        assertEquals(4 * MB, budget.total());
        assertEquals(1, budget.waiting());
    }

    @Test
    void strangersNeverTakeTheHalfOfSensorsThatProvedTheirKey() throws Exception {
        List<UnverifiedBytes.Account> strangers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            UnverifiedBytes.Account a = open("203.0.113." + i, "s" + i);
            strangers.add(a);
            a.settle(0, MB, () -> { });
        }
        assertEquals(4 * MB, budget.unprovenTotal(), "capped at half");
        UnverifiedBytes.Account sensor = open("192.0.2.50", "sensor");
        sensor.proven();
        assertTrue(sensor.settle(0, 4 * MB, () -> { }), "a proven sensor has the other half");
        assertEquals(8 * MB, budget.total());
        assertFalse(sensor.settle(4 * MB, 4 * MB + 1, () -> { }), "but not more than the whole");
    }

    @Test
    void bytesAlreadyReadAreChargedEvenPastTheLimitAndThePeakShowsIt() throws Exception {
        UnverifiedBytes.Account a = open("192.0.2.1", "a");
        assertTrue(a.settle(0, MB, () -> { }));
        assertFalse(a.settle(5 * MB, MB, () -> { }), "held more than its credit: charged, then no more reading");
        assertEquals(5 * MB, budget.total());
        assertEquals(5 * MB, budget.peak());
        a.close();
        assertEquals(0, budget.total());
        assertEquals(5 * MB, budget.peak());
    }

    @Test
    void creditPaysForTheNextReadAndIsGivenBackBetweenFrames() throws Exception {
        UnverifiedBytes.Account a = open("192.0.2.1", "a");
        assertTrue(a.settle(0, 16_384, () -> { }));
        assertTrue(a.settle(16_384, 16_384, () -> { }), "the read used the credit; new credit for the next one");
        assertEquals(32_768, budget.total());
        assertTrue(a.settle(0, 0, () -> { }), "frame verified: nothing held, no credit needed");
        assertEquals(0, budget.total());
    }

    @Test
    void aWaitingConnectionIsCalledBackWhenRoomIsMade() throws Exception {
        UnverifiedBytes.Account a = open("192.0.2.1", "a");
        UnverifiedBytes.Account b = open("198.51.100.1", "b");
        a.proven();
        b.proven();
        assertTrue(a.settle(7 * MB, MB, () -> { }));
        AtomicInteger granted = new AtomicInteger();
        assertFalse(b.settle(0, MB, granted::incrementAndGet));
        assertEquals(0, granted.get());
        a.settle(0, 0, () -> { });                        // a's frame verified
        assertEquals(1, granted.get());
        assertEquals(MB, budget.total(), "b's credit");
        assertEquals(0, budget.waiting());
    }

    @Test
    void anOverdueWaiterClosesTheHeaviestSourcesStrangersNeverASensor() throws Exception {
        UnverifiedBytes.Account heavy1 = open("203.0.113.1", "heavy1");
        UnverifiedBytes.Account heavy2 = open("203.0.113.1", "heavy2");
        UnverifiedBytes.Account light = open("203.0.113.2", "light");
        UnverifiedBytes.Account sensor = open("192.0.2.9", "sensor");
        sensor.proven();
        heavy1.settle(MB, 0, () -> { });                  // charged: already read
        heavy2.settle(2 * MB, 0, () -> { });
        light.settle(MB / 2, 0, () -> { });
        sensor.settle(3 * MB, 0, () -> { });
        UnverifiedBytes.Account newcomer = open("198.51.100.3", "newcomer");
        AtomicInteger granted = new AtomicInteger();
        assertFalse(newcomer.settle(0, MB, granted::incrementAndGet), "strangers hold 3.5 of their 4 MB and the source shares are spent");
        assertEquals(0, budget.evictForOverdueWaiters(), "not overdue yet");
        now += WAIT;
        assertEquals(1, budget.evictForOverdueWaiters());
        assertEquals(List.of("heavy2"), closed, "the largest connection of the source holding the most");
        heavy2.close();                                   // what the closer leads to
        assertEquals(1, granted.get(), "the waiter is served once the bytes are free");
        assertEquals(1, budget.closedForMemory());
    }

    @Test
    void withOnlySensorsHoldingBytesAWaiterJustWaits() throws Exception {
        UnverifiedBytes.Account sensor = open("192.0.2.9", "sensor");
        sensor.proven();
        sensor.settle(8 * MB, 0, () -> { });
        UnverifiedBytes.Account other = open("192.0.2.10", "other");
        other.proven();
        assertFalse(other.settle(0, MB, () -> { }));
        now += 10 * WAIT;
        assertEquals(0, budget.evictForOverdueWaiters());
        assertEquals(List.of(), closed);
    }

    @Test
    void ipv6SourcesAreSlash64NetworksAndIpv4IsPerAddress() throws Exception {
        Object a = UnverifiedBytes.sourceOf(InetAddress.getByName("2001:db8:1:2::1"));
        assertEquals(a, UnverifiedBytes.sourceOf(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        assertNotEquals(a, UnverifiedBytes.sourceOf(InetAddress.getByName("2001:db8:1:3::1")));
        assertNotEquals(UnverifiedBytes.sourceOf(InetAddress.getByName("192.0.2.1")), UnverifiedBytes.sourceOf(InetAddress.getByName("192.0.2.2")));
        // a whole /64 is one source: its connections share one fair share
        UnverifiedBytes.Account x = open("2001:db8:1:2::1", "x");
        UnverifiedBytes.Account y = open("2001:db8:1:2::2", "y");
        open("2001:db8:9::1", "z");
        assertTrue(x.settle(0, 2 * MB, () -> { }));
        assertFalse(y.settle(0, MB, () -> { }), "same /64, share spent");
    }

    @Test
    void aBudgetThatCannotHoldTwoFramesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UnverifiedBytes(MB, MB, WAIT, () -> 0));
    }

    @Test
    void aWaiterWhoseFrameEndedWithBytesAlreadyReadNeedsNoRoomAnyMore() throws Exception {
        UnverifiedBytes.Account full = open("192.0.2.1", "full");
        full.proven();
        full.settle(8 * MB, 0, () -> { });
        UnverifiedBytes.Account a = open("192.0.2.2", "a");
        a.proven();
        AtomicInteger granted = new AtomicInteger();
        assertFalse(a.settle(0, MB, granted::incrementAndGet));
        assertFalse(a.settle(1000, MB, granted::incrementAndGet), "still waiting for its credit");
        assertTrue(a.settle(0, 0, granted::incrementAndGet), "its frame ended: it reads on without waiting");
        assertEquals(0, budget.waiting());
        full.settle(0, 0, () -> { });
        assertEquals(0, granted.get(), "and is not called back later");
    }
}
