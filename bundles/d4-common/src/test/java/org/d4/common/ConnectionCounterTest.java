// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectionCounterTest {

    @Test
    void oneAddressGetsItsShareAndNoMore() {
        ConnectionCounter counter = new ConnectionCounter(10, 3);
        for (int i = 0; i < 3; i++) {
            assertTrue(counter.admit("192.0.2.1").isEmpty());
        }
        assertTrue(counter.admit("192.0.2.1").orElseThrow().contains("3 connections from this address"));
        assertTrue(counter.admit("192.0.2.2").isEmpty(), "another address is not held up");
        counter.release("192.0.2.1");
        assertTrue(counter.admit("192.0.2.1").isEmpty(), "a closed connection makes room");
        assertEquals(4, counter.open());
    }

    @Test
    void theTotalHoldsAcrossAddressesAndRefusalsAreNotCounted() {
        ConnectionCounter counter = new ConnectionCounter(5, 2);
        for (int i = 0; i < 5; i++) {
            assertTrue(counter.admit("198.51.100." + i).isEmpty());
        }
        for (int i = 0; i < 100; i++) {
            assertTrue(counter.admit("203.0.113." + i).orElseThrow().contains("5 connections"));
        }
        assertEquals(5, counter.open());
        assertEquals(5, counter.addresses(), "refused addresses leave nothing behind");
        for (int i = 0; i < 5; i++) {
            counter.release("198.51.100." + i);
        }
        assertEquals(0, counter.open());
        assertEquals(0, counter.addresses());
        counter.release("198.51.100.0");
        assertEquals(0, counter.open(), "a release without an admission changes nothing");
    }
}
