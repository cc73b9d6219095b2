// SPDX-License-Identifier: Apache-2.0
package org.d4.resp.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.d4.storage.mapdb.internal.MapDbQueues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key resolution and the per-reply byte budget, on the real store with a small budget. */
class QueueKeyspaceTest {
    static final long BUDGET = 1 << 20;

    @TempDir
    Path dir;
    MapDbQueues queues;
    QueueKeyspace keyspace;
    QueueInfo chunks;
    byte[] key;

    @BeforeEach
    void fortyChunksOf64KiB() throws Exception {
        queues = MapDbQueues.open(dir.resolve("queues.db"), 64L << 20);
        keyspace = new QueueKeyspace(queues, BUDGET);
        chunks = queues.create(new QueueSpec(QueueSelector.of(5), "pcapng chunks", 1000, Optional.empty()));
        key = chunks.listName().getBytes(ISO_8859_1);
        for (int i = 0; i < 40; i++) {
            byte[] chunk = new byte[64 << 10];           // a fresh array each time: the store may keep the one it was given
            chunk[0] = (byte) i;
            queues.route(5, Optional.empty(), UUID.randomUUID()).push(chunk);
        }
    }

    @AfterEach
    void close() {
        queues.close();
    }

    @Test
    void keysNameExactlyOneQueueInDatabaseTwo() {
        assertEquals(chunks.uuid(), keyspace.find(2, key).orElseThrow().uuid());
        assertTrue(keyspace.find(0, key).isEmpty());
        String uuid = chunks.uuid().toString();
        assertTrue(keyspace.find(2, bytes("analyzer:8:" + uuid)).isEmpty(), "another type");
        assertTrue(keyspace.find(2, bytes("analyzer:5:" + uuid.toUpperCase())).isEmpty(), "not the list's exact name");
        assertTrue(keyspace.find(2, bytes("analyzer:5:" + uuid + " ")).isEmpty());
        assertTrue(keyspace.find(2, bytes("prefix:analyzer:5:" + uuid)).isEmpty());
        assertTrue(keyspace.find(2, bytes("analyzer:" + uuid)).isEmpty());
        assertEquals(List.of(chunks.listName()), keyspace.names(2, "analyzer:5:*"));
        assertEquals(List.of(), keyspace.names(3, "*"));
    }

    @Test
    void aPopStopsAtTheByteBudgetAndLeavesTheRestQueued() {
        List<QueueItem> first = keyspace.pop(2, key, 100, true).orElseThrow();
        assertEquals(16, first.size(), "16 x 64 KiB fill the 1 MiB budget");
        assertEquals(0, first.get(0).data()[0], "oldest first");
        assertEquals(15, first.get(15).data()[0]);
        assertEquals(24, keyspace.length(2, key));
        List<QueueItem> newest = keyspace.pop(2, key, 3, false).orElseThrow();
        assertEquals(List.of(39, 38, 37), newest.stream().map(i -> (int) i.data()[0]).toList(), "LPOP: newest first");
        assertEquals(16, keyspace.pop(2, key, 100, true).orElseThrow().size());
        assertEquals(5, keyspace.pop(2, key, 100, true).orElseThrow().size());
        assertEquals(List.of(), keyspace.pop(2, key, 100, true).orElseThrow(), "an empty queue still exists");
        assertTrue(keyspace.pop(2, bytes("analyzer:5:" + UUID.randomUUID()), 1, true).isEmpty(), "a missing key");
    }

    @Test
    void aRangeBeyondTheBudgetIsRefusedNotCutShort() {
        QueueException e = assertThrows(QueueException.class, () -> keyspace.range(2, key, 0, -1));
        assertEquals("LRANGE reply larger than 1048576 bytes; ask for fewer items", e.getMessage());
        List<QueueItem> window = keyspace.range(2, key, 0, 9);
        assertEquals(10, window.size());
        assertEquals(39, window.get(0).data()[0], "index 0 is the newest");
        assertEquals(30, window.get(9).data()[0]);
        assertEquals(40, keyspace.length(2, key), "LRANGE takes nothing");
    }

    static byte[] bytes(String s) {
        return s.getBytes(ISO_8859_1);
    }
}
