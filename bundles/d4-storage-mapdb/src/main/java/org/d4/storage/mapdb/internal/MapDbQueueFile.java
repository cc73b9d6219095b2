// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueException.Problem;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.d4.common.mapdb.AtomicMapDb;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The analyzer queues in their own MapDB file (so heavy queue traffic never delays the metadata
 * store's commits). Each queue is a B-tree of segments of items, plus one of dead letters; its
 * definition, counters and read position are a record written in the same transaction as its
 * segments, under a lock that commits take exclusively, so after a crash counters and contents
 * agree. Items pushed between commits wait in memory and are packed into segments by the commit:
 * they would be lost by a crash before the commit either way. Producers' positions
 * ({@link ProducerPositions}) are written by the same commits, so a position and the items pushed
 * with it are durable together.
 *
 * <p>Memory stays bounded: writers that get more than {@code maxUncommittedBytes} ahead of the
 * last commit wait for the next one.
 *
 * <p>Plain Java, so tests open it on a temp file directly; not exported in OSGi.
 */
public final class MapDbQueueFile implements QueueService, AutoCloseable {

    private final DB db;
    private final BTreeMap<String, byte[]> records;
    private final Atomic.Long queueNumbers;
    private final ProducerPositions positions;
    private final Map<UUID, StoredQueue> queues = new ConcurrentHashMap<>();
    /** Shared by every change, exclusive for a commit: a commit sees each queue's record and items agree. */
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
    /**
     * Held for a whole commit, its disk I/O included, and by every operation that writes to the
     * store outside a commit (the rare ones: create, edit, empty, delete, dead letters, a pop of
     * the newest item): so pushes and takes, which touch only memory, never wait for an fsync.
     */
    private final ReentrantLock commitMutex = new ReentrantLock();
    private final AtomicLong uncommittedBytes = new AtomicLong();
    private final long maxUncommittedBytes;
    private final AtomicLong routingVersion = new AtomicLong();
    private volatile boolean closed;

    public MapDbQueueFile(Path file, long maxUncommittedBytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.maxUncommittedBytes = maxUncommittedBytes;
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

    // ---- the queues

    @Override
    public QueueInfo create(QueueSpec spec) {
        checkOpen();
        commitMutex.lock();
        commitLock.readLock().lock();
        try {
            UUID uuid = UUID.randomUUID();
            long number = queueNumbers.incrementAndGet();
            QueueRecord r = new QueueRecord(uuid, number, spec.selector(), spec.description(), spec.maxSize(), spec.owner(),
                    System.currentTimeMillis(), 0, 1, 0, 0, 0, 0, 1, 0, 1, 0);
            records.put(uuid.toString(), r.encode());
            StoredQueue q = new StoredQueue(r, db);
            queues.put(uuid, q);
            routingVersion.incrementAndGet();
            return q.info();
        } finally {
            commitLock.readLock().unlock();
            commitMutex.unlock();
        }
    }

    @Override
    public List<QueueInfo> queues() {
        return queues.values().stream().sorted(Comparator.comparingLong(q -> q.number)).map(q -> locked(q, q::info)).toList();
    }

    @Override
    public Optional<QueueInfo> queue(UUID uuid) {
        StoredQueue q = queues.get(uuid);
        return q == null ? Optional.empty() : Optional.of(locked(q, q::info));
    }

    @Override
    public QueueInfo update(UUID uuid, QueueChange change) {
        StoredQueue q = existing(uuid);
        StoredQueue.check(change);
        QueueInfo info = storeChange(q, () -> q.apply(change));
        routingVersion.incrementAndGet();
        return info;
    }

    @Override
    public long empty(UUID uuid) {
        StoredQueue q = existing(uuid);
        return storeChange(q, q::empty);
    }

    @Override
    public void delete(UUID uuid) {
        StoredQueue q = existing(uuid);
        storeChange(q, () -> {
            q.clearItems();
            q.dead.clear();
            q.deleted = true;
            records.remove(uuid.toString());
            queues.remove(uuid);
            routingVersion.incrementAndGet();
            return null;
        });
    }

    @Override
    public QueueRoute route(int type, Optional<String> extendedType, UUID sensor) {
        return new SessionRoute(this, type, Optional.ofNullable(extendedType).flatMap(e -> e), sensor);
    }

    // ---- producers' positions

    @Override
    public Map<String, byte[]> positions(String prefix) {
        return positions.withPrefix(prefix == null ? "" : prefix);
    }

    @Override
    public void savePosition(String positionKey, byte[] position) {
        ProducerPositions.check(positionKey, position);
        commitLock.readLock().lock();
        try {
            checkOpen();
            positions.set(positionKey, position);
        } finally {
            commitLock.readLock().unlock();
        }
        commit();
    }

    // ---- items

    @Override
    public List<QueueItem> items(UUID uuid, long offset, int count) {
        checkCount(count);
        if (offset < 0) {
            throw new QueueException(Problem.INVALID, "offset must not be negative");
        }
        StoredQueue q = existing(uuid);
        return locked(q, () -> q.peek(offset, count));
    }

    @Override
    public List<QueueItem> poll(UUID uuid, int count) {
        return take(uuid, count, true);
    }

    @Override
    public List<QueueItem> pollNewest(UUID uuid, int count) {
        return take(uuid, count, false);
    }

    private List<QueueItem> take(UUID uuid, int count, boolean oldest) {
        checkCount(count);
        StoredQueue q = existing(uuid);
        if (locked(q, () -> q.length) == 0) {
            return List.of();
        }
        Change<List<QueueItem>> taking = () -> {
            List<QueueItem> result = new ArrayList<>(Math.min(count, 1024));
            while (result.size() < count) {
                QueueItem item = oldest ? q.takeOldest() : q.takeNewest();
                if (item == null) {
                    break;
                }
                result.add(item);
            }
            q.out += result.size();
            if (!result.isEmpty()) {
                q.touched();
            }
            return result;
        };
        return oldest ? change(q, taking) : storeChange(q, taking);
    }

    @Override
    public long acknowledge(UUID uuid, long sequence) {
        StoredQueue q = existing(uuid);
        return change(q, () -> {
            long removed = 0;
            for (QueueItem first = q.peekOldest(); first != null && first.sequence() <= sequence; first = q.peekOldest()) {
                q.takeOldest();
                removed++;
            }
            q.out += removed;
            if (removed > 0) {
                q.touched();
            }
            return removed;
        });
    }

    @Override
    public boolean awaitItems(UUID uuid, Duration timeout) throws InterruptedException {
        StoredQueue q = existing(uuid);
        long nanos = timeout.toNanos();
        q.lock.lock();
        try {
            while (q.length == 0 && !q.deleted && !closed) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = q.nonEmpty.awaitNanos(nanos);
            }
            return q.length > 0 && !q.deleted && !closed;
        } finally {
            q.lock.unlock();
        }
    }

    // ---- dead letters

    @Override
    public DeadLetter deadLetter(UUID uuid, QueueItem item, int attempts, String error) {
        StoredQueue q = existing(uuid);
        return storeChange(q, () -> q.setAside(item, attempts, error));
    }

    @Override
    public List<DeadLetter> deadLetters(UUID uuid, int max) {
        checkCount(max);
        StoredQueue q = existing(uuid);
        return locked(q, () -> q.deadLetterList(max));
    }

    @Override
    public int replayDeadLetters(UUID uuid, Collection<Long> ids) {
        StoredQueue q = existing(uuid);
        return storeChange(q, () -> {
            int[] replayed = {0};
            uncommittedBytes.addAndGet(q.replay(ids, replayed));
            return replayed[0];
        });
    }

    @Override
    public int discardDeadLetters(UUID uuid, Collection<Long> ids) {
        StoredQueue q = existing(uuid);
        return storeChange(q, () -> q.discard(ids));
    }

    // ---- durability

    /**
     * Makes every change so far durable: under the exclusive lock (briefly) writes what changed in
     * memory to the store, then commits it to disk while pushes and takes go on.
     */
    public void commit() {
        if (closed) {
            return;
        }
        commitMutex.lock();
        try {
            boolean any;
            commitLock.writeLock().lock();
            try {
                any = uncommittedBytes.getAndSet(0) > 0 || positions.hasChanges();
                positions.store();
                for (StoredQueue q : queues.values()) {
                    // readers hold only the queue's lock
                    q.lock.lock();
                    try {
                        if (q.needsStore()) {
                            q.store();
                        }
                        if (q.changed) {
                            records.put(q.uuid.toString(), q.record().encode());
                            q.changed = false;
                            any = true;
                        }
                    } finally {
                        q.lock.unlock();
                    }
                }
            } finally {
                commitLock.writeLock().unlock();
            }
            if (any && !closed) {
                db.commit();
            }
        } finally {
            commitMutex.unlock();
        }
    }

    /** True when writers have run far enough ahead that the next commit should not wait for its interval. */
    public boolean commitDue() {
        return uncommittedBytes.get() >= maxUncommittedBytes / 2;
    }

    /** Bytes written since the last commit, roughly. */
    long uncommittedBytes() {
        return uncommittedBytes.get();
    }

    /**
     * A writer too far ahead of the commits makes the commit itself: pushed items wait in memory
     * until a commit, so this bounds that memory (and slows the writer to the disk's pace).
     */
    private void throttle() {
        if (uncommittedBytes.get() >= maxUncommittedBytes) {
            commit();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        commit();
        commitMutex.lock();
        commitLock.writeLock().lock();
        try {
            closed = true;
            for (StoredQueue q : queues.values()) {
                q.lock.lock();
                try {
                    q.nonEmpty.signalAll();
                } finally {
                    q.lock.unlock();
                }
            }
            db.close();
        } finally {
            commitLock.writeLock().unlock();
            commitMutex.unlock();
        }
    }

    // ---- what session routes use

    long routingVersion() {
        return routingVersion.get();
    }

    List<StoredQueue> matching(int type, Optional<String> extendedType, UUID sensor) {
        return queues.values().stream().filter(q -> q.selector.matches(type, extendedType, sensor)).toList();
    }

    /** Appends one item; false if the queue was deleted meanwhile (the route sees the new set at its next push). */
    boolean append(StoredQueue q, UUID sensor, long epochSecond, byte[] item) {
        try {
            uncommittedBytes.addAndGet(change(q, () -> q.append(sensor, epochSecond, item)));
            return true;
        } catch (QueueException deletedMeanwhile) {
            return false;
        }
    }

    /** Appends the items to every queue and records the producer's position, with no commit between them. */
    int appendWithPosition(List<StoredQueue> targets, UUID sensor, long epochSecond, List<byte[]> items, String positionKey, byte[] position) {
        throttle();
        commitLock.readLock().lock();
        try {
            checkOpen();
            int took = 0;
            for (StoredQueue q : targets) {
                q.lock.lock();
                try {
                    if (q.deleted) {
                        continue;
                    }
                    long bytes = 0;
                    for (byte[] item : items) {
                        bytes += q.append(sensor, epochSecond, item);
                    }
                    uncommittedBytes.addAndGet(bytes);
                    took++;
                } finally {
                    q.lock.unlock();
                }
            }
            positions.set(positionKey, position);
            return took;
        } finally {
            commitLock.readLock().unlock();
        }
    }

    // ---- helpers

    private interface Change<T> {
        T apply();
    }

    /** Runs a change of one queue under the shared commit lock and the queue's lock. */
    private <T> T change(StoredQueue q, Change<T> change) {
        throttle();
        commitLock.readLock().lock();
        try {
            checkOpen();
            q.lock.lock();
            try {
                if (q.deleted) {
                    throw QueueException.notFound(q.uuid);
                }
                return change.apply();
            } finally {
                q.lock.unlock();
            }
        } finally {
            commitLock.readLock().unlock();
        }
    }

    /** A change that writes to the store at once (a rare one): it waits for a commit in progress. */
    private <T> T storeChange(StoredQueue q, Change<T> change) {
        commitMutex.lock();
        try {
            return change(q, change);
        } finally {
            commitMutex.unlock();
        }
    }

    private <T> T locked(StoredQueue q, Change<T> read) {
        q.lock.lock();
        try {
            return read.apply();
        } finally {
            q.lock.unlock();
        }
    }

    private StoredQueue existing(UUID uuid) {
        checkOpen();
        StoredQueue q = uuid == null ? null : queues.get(uuid);
        if (q == null) {
            throw QueueException.notFound(uuid);
        }
        return q;
    }

    private static void checkCount(int count) {
        if (count < 0 || count > 100_000) {
            throw new QueueException(Problem.INVALID, "count must be 0 to 100000, not " + count);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the queue store is closed");
        }
    }
}
