// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The kept nodes against a record that a writer keeps changing while readers read and offer it. */
class DirectoryNodesTest {
    private volatile long stored;       // the store's content of record 1: its version

    @Test
    void aWriterNeverFindsANodeOlderThanItsOwnLastWrite() throws Exception {
        DirectoryNodes nodes = new DirectoryNodes(1 << 20);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            Thread reader = new Thread(() -> {
                while (!stop.get()) {
                    long before = nodes.writesSoFar();
                    Long version = stored;              // the read from the store
                    nodes.offer(1, version, 100, before);
                }
            });
            reader.start();
            readers.add(reader);
        }
        long stale = 0;
        long found = 0;
        try {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                stored++;                               // the write to the store, then the drop
                nodes.written(1);
                Object kept = nodes.get(1);             // the writer's next read, still under its lock
                if (kept != null) {
                    found++;
                    if ((Long) kept != stored) {
                        stale++;
                    }
                }
            }
        } finally {
            stop.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
        }
        assertEquals(0, stale, "nodes older than the writer's last write, of " + found + " found");
    }

    @Test
    void aClearDropsEveryNodeAndOnesReadBeforeItAreNotKept() {
        DirectoryNodes nodes = new DirectoryNodes(1 << 20);
        long before = nodes.writesSoFar();
        nodes.offer(1, "one", 100, before);
        assertEquals("one", nodes.get(1));
        nodes.clear();
        assertNull(nodes.get(1));
        nodes.offer(2, "read before the clear", 100, before);
        assertNull(nodes.get(2), "a read that began before the clear is not kept");
        nodes.offer(2, "two", 100, nodes.writesSoFar());
        assertEquals("two", nodes.get(2));
    }

    @Test
    void nodesAreKeptUpToTheirWeightAndRoomComesBackWhenOneIsDropped() {
        DirectoryNodes nodes = new DirectoryNodes(3 * (4 * 100 + 64));
        for (long recid = 1; recid <= 4; recid++) {
            nodes.offer(recid, recid, 100, nodes.writesSoFar());
        }
        assertEquals(3, nodes.size(), "three nodes of 464 bytes fit");
        assertNull(nodes.get(4));
        nodes.written(2);
        Object node = 4L;
        nodes.offer(4, node, 100, nodes.writesSoFar());
        assertSame(node, nodes.get(4));
        assertNotNull(nodes.get(1));
        assertNull(nodes.get(2), "dropped by its write");
    }
}
