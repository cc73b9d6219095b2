// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.d4.api.queue.QueueSpec;
import org.d4.mapdb.AtomicMapDb;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The analyzer queues' own MapDB file (so heavy queue traffic never delays the metadata store's
 * commits): each queue's record (definition, counters, read position), its segments of items and
 * its dead letters, and the producers' positions. Holds the live queues; knows nothing of locks,
 * which {@link QueueCommitter} takes around every use.
 */
final class QueueFile {
    private final Path path;
    private final DB db;
    private final BTreeMap<String, byte[]> records;
    private final Atomic.Long queueNumbers;
    private final ProducerPositions positions;
    private final Map<UUID, StoredQueue> queues = new ConcurrentHashMap<>();

    QueueFile(Path file) throws IOException {
        this.path = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        // atomic commits through a redo log (AtomicMapDb); memory-mapped for cheap reads
        this.db = AtomicMapDb.open(file, AtomicMapDb.Access.MAPPED);
        this.records = db.treeMap("queues", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.queueNumbers = db.atomicLong("queue.numbers").createOrOpen();
        this.positions = new ProducerPositions(db.treeMap("positions", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen());
        for (byte[] bytes : records.values()) {
            QueueRecord r = QueueRecord.decode(bytes);
            queues.put(r.uuid(), new StoredQueue(r, db));
        }
    }

    Path path() {
        return path;
    }

    /** A new, empty queue, written to the store. */
    StoredQueue add(QueueSpec spec) {
        UUID uuid = UUID.randomUUID();
        long number = queueNumbers.incrementAndGet();
        QueueRecord r = new QueueRecord(uuid, number, spec.selector(), spec.description(), spec.maxSize(), spec.owner(),
                System.currentTimeMillis(), 0, 1, 0, 0, 0, 0, 1, 0, 1, 0);
        records.put(uuid.toString(), r.encode());
        StoredQueue q = new StoredQueue(r, db);
        queues.put(uuid, q);
        return q;
    }

    /** Removes a queue, its items and its dead letters from the store. */
    void remove(StoredQueue q) {
        q.clearItems();
        q.deadLetters.clear();
        q.deleted = true;
        records.remove(q.uuid.toString());
        queues.remove(q.uuid);
    }

    /** The queue, or null. */
    StoredQueue get(UUID uuid) {
        return uuid == null ? null : queues.get(uuid);
    }

    Collection<StoredQueue> queues() {
        return queues.values();
    }

    ProducerPositions positions() {
        return positions;
    }

    /** Brings one queue's stored segments and record up to date; true if anything was written. */
    boolean store(StoredQueue q) {
        if (q.needsStore()) {
            q.store();
        }
        if (!q.changed) {
            return false;
        }
        records.put(q.uuid.toString(), q.record().encode());
        q.changed = false;
        return true;
    }

    void commit() {
        db.commit();
    }

    void close() {
        db.close();
    }
}
