// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueException.Problem;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueSelector;
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
    private final Map<UUID, Queue> queues = new ConcurrentHashMap<>();
    /** Shared by every change, exclusive for a commit: a commit sees each queue's record and items agree. */
    private final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
    /**
     * Held for a whole commit, its disk I/O included, and by every operation that writes to the
     * store outside a commit (the rare ones: create, edit, empty, delete, dead letters, a pop of
     * the newest item): so pushes and takes, which touch only memory, never wait for an fsync.
     */
    private final ReentrantLock commitMutex = new ReentrantLock();
    /** Items packed into one stored record at most: large enough to amortise MapDB's per-record cost. */
    private static final int SEGMENT_ITEMS = 1024;
    private static final long SEGMENT_BYTES = 1 << 20;
    private final AtomicLong uncommittedBytes = new AtomicLong();
    private final long maxUncommittedBytes;
    private final AtomicLong routingVersion = new AtomicLong();
    private volatile boolean closed;

    /**
     * One queue's live state; guarded by its lock (and the shared commit lock). Items are kept in
     * stored segments (oldest first) followed by the items pushed since the last commit, which the
     * commit packs into new segments: MapDB rewrites a record per change, so writing items one by
     * one would cost a B-tree update each.
     */
    private final class Queue {
        final UUID uuid;
        final long number;
        final long createdMillis;
        final Optional<String> owner;
        final BTreeMap<Long, byte[]> segments;
        final BTreeMap<Long, byte[]> dead;
        final ReentrantLock lock = new ReentrantLock();
        final Condition nonEmpty = lock.newCondition();
        final ArrayDeque<QueueItem> pending = new ArrayDeque<>();
        volatile QueueSelector selector;
        volatile String description;
        volatile int maxSize;
        List<QueueItem> head;      // the first live stored segment, decoded; null until needed
        long headKey;              // its key
        int headOffset;            // items of the first stored segment already taken
        long liveFrom;             // stored segments below this key are exhausted (removed, or removed at the next commit)
        long storedSegments;       // live stored segments
        final List<Long> exhausted = new ArrayList<>();
        long nextSegment;
        long pendingBytes;
        long length;
        long nextSequence;
        long in;
        long out;
        long dropped;
        long deadLetters;
        long nextDeadLetterId;
        long lastUpdateMillis;
        boolean changed;
        boolean deleted;

        Queue(QueueRecord r) {
            this.uuid = r.uuid();
            this.number = r.number();
            this.createdMillis = r.createdMillis();
            this.owner = r.owner();
            this.selector = r.selector();
            this.description = r.description();
            this.maxSize = r.maxSize();
            this.length = r.length();
            this.nextSequence = r.nextSequence();
            this.in = r.in();
            this.out = r.out();
            this.dropped = r.dropped();
            this.deadLetters = r.deadLetters();
            this.nextDeadLetterId = r.nextDeadLetterId();
            this.lastUpdateMillis = r.lastUpdateMillis();
            this.nextSegment = r.nextSegment();
            this.headOffset = r.headOffset();
            this.segments = db.treeMap("queue." + number + ".segments", Serializer.LONG_DELTA, Serializer.BYTE_ARRAY)
                    .valuesOutsideNodesEnable().createOrOpen();
            this.dead = db.treeMap("queue." + number + ".dead", Serializer.LONG_DELTA, Serializer.BYTE_ARRAY)
                    .valuesOutsideNodesEnable().createOrOpen();
            this.storedSegments = segments.size();
        }

        QueueRecord record() {
            return new QueueRecord(uuid, number, selector, description, maxSize, owner, createdMillis, length, nextSequence, in, out,
                    dropped, deadLetters, nextDeadLetterId, lastUpdateMillis, nextSegment, headOffset);
        }

        QueueInfo info() {
            return new QueueInfo(uuid, selector, description, maxSize, owner, length, in, out, dropped, deadLetters,
                    lastUpdateMillis == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastUpdateMillis)));
        }

        /** Appends a new item; the caller holds the lock. Returns the bytes now waiting for a commit. */
        long append(UUID sensor, long epochSecond, byte[] data) {
            QueueItem item = new QueueItem(nextSequence++, sensor, epochSecond, data);
            pending.addLast(item);
            long size = ItemCodec.segmentSize(item);
            pendingBytes += size;
            length++;
            in++;
            while (length > maxSize) {
                takeOldest();
                dropped++;
            }
            touched();
            nonEmpty.signalAll();
            return size;
        }

        /**
         * The oldest item, removed; null when empty. Touches only memory: an exhausted stored
         * segment is removed from the store by the next commit, so takers never wait for its I/O.
         */
        QueueItem takeOldest() {
            List<QueueItem> first = headSegment();
            QueueItem item;
            if (first != null) {
                item = first.get(headOffset++);
                if (headOffset >= first.size()) {
                    exhausted.add(headKey);
                    liveFrom = headKey + 1;
                    storedSegments--;
                    head = null;
                    headOffset = 0;
                }
            } else {
                item = pending.pollFirst();
                if (item == null) {
                    length = 0;
                    return null;
                }
                pendingBytes -= ItemCodec.segmentSize(item);
            }
            length--;
            changed = true;
            return item;
        }

        /**
         * The newest item, removed; null when empty. When nothing is pending it rewrites the last
         * stored segment (rare: a Redis LPOP), so the caller holds the commit mutex.
         */
        QueueItem takeNewest() {
            QueueItem item = pending.pollLast();
            if (item != null) {
                pendingBytes -= ItemCodec.segmentSize(item);
            } else {
                if (storedSegments == 0) {
                    length = 0;
                    return null;
                }
                long last = segments.lastKey();
                boolean isHead = storedSegments == 1;
                List<QueueItem> items = new ArrayList<>(isHead ? headSegment() : ItemCodec.segment(segments.get(last)));
                item = items.remove(items.size() - 1);
                if (items.isEmpty() || (isHead && items.size() <= headOffset)) {
                    segments.remove(last);
                    storedSegments--;
                    if (isHead) {
                        liveFrom = last + 1;
                        head = null;
                        headOffset = 0;
                    }
                } else {
                    segments.put(last, ItemCodec.segment(items));
                    if (isHead) {
                        head = items;
                    }
                }
            }
            length--;
            changed = true;
            return item;
        }

        /** The oldest item without removing it; null when empty. */
        QueueItem peekOldest() {
            List<QueueItem> first = headSegment();
            return first != null ? first.get(headOffset) : pending.peekFirst();
        }

        /** Up to {@code count} items from the {@code offset}-th oldest on. */
        List<QueueItem> peek(long offset, int count) {
            List<QueueItem> result = new ArrayList<>(Math.min(count, 1024));
            long skip = offset;
            if (storedSegments > 0) {
                boolean first = true;
                // by key: an entry iterator would read every segment it passes, the head's too (64 KiB or more each)
                for (Long key : segments.tailMap(liveFrom, true).keySet()) {
                    if (result.size() >= count) {
                        return result;
                    }
                    List<QueueItem> items = first ? headSegment() : ItemCodec.segment(segments.get(key));
                    int from = first ? headOffset : 0;
                    first = false;
                    int available = items.size() - from;
                    if (skip >= available) {
                        skip -= available;
                        continue;
                    }
                    for (int i = from + (int) skip; i < items.size() && result.size() < count; i++) {
                        result.add(items.get(i));
                    }
                    skip = 0;
                }
            }
            for (QueueItem item : pending) {
                if (result.size() >= count) {
                    break;
                }
                if (skip > 0) {
                    skip--;
                } else {
                    result.add(item);
                }
            }
            return result;
        }

        /** Removes every item; writes to the store, so the caller holds the commit mutex. */
        void clearItems() {
            segments.clear();
            exhausted.clear();
            storedSegments = 0;
            liveFrom = nextSegment;
            pending.clear();
            pendingBytes = 0;
            head = null;
            headOffset = 0;
            length = 0;
            changed = true;
        }

        /**
         * Brings the store up to date for a commit: removes exhausted segments and packs what was
         * pushed since the last commit into new ones. The caller holds the commit lock exclusively.
         */
        void store() {
            for (Long key : exhausted) {
                segments.remove(key);
            }
            exhausted.clear();
            boolean wasEmpty = storedSegments == 0;
            List<QueueItem> batch = new ArrayList<>();
            long bytes = 0;
            for (QueueItem item = pending.pollFirst(); item != null; item = pending.pollFirst()) {
                batch.add(item);
                bytes += ItemCodec.segmentSize(item);
                if (batch.size() >= SEGMENT_ITEMS || bytes >= SEGMENT_BYTES) {
                    storeSegment(batch, wasEmpty);
                    wasEmpty = false;
                    batch = new ArrayList<>();
                    bytes = 0;
                }
            }
            if (!batch.isEmpty()) {
                storeSegment(batch, wasEmpty);
            }
            pendingBytes = 0;
            changed = true;
        }

        private void storeSegment(List<QueueItem> batch, boolean becomesHead) {
            long key = nextSegment++;
            segments.put(key, ItemCodec.segment(batch));
            storedSegments++;
            if (becomesHead) {
                // the items are at hand: readers need not fetch them from the store
                head = batch;
                headKey = key;
                headOffset = 0;
                liveFrom = key;
            }
        }

        boolean needsStore() {
            return !pending.isEmpty() || !exhausted.isEmpty();
        }

        private List<QueueItem> headSegment() {
            if (head == null && storedSegments > 0) {
                Map.Entry<Long, byte[]> first = segments.ceilingEntry(liveFrom);
                if (first == null) {
                    storedSegments = 0;   // cannot happen with a consistent count; the store is the truth
                    return null;
                }
                head = ItemCodec.segment(first.getValue());
                headKey = first.getKey();
                if (headOffset >= head.size()) {
                    // cannot happen with a consistent store; never serve an item twice because of it
                    exhausted.add(headKey);
                    liveFrom = headKey + 1;
                    storedSegments--;
                    head = null;
                    headOffset = 0;
                    return headSegment();
                }
            }
            return head;
        }

        void touched() {
            lastUpdateMillis = System.currentTimeMillis();
            changed = true;
        }
    }

    /** The data of one session: caches its matching queues until the set of queues changes. */
    private final class Route implements QueueRoute {
        private final int type;
        private final Optional<String> extendedType;
        private final UUID sensor;
        private volatile long version = -1;
        private volatile List<Queue> targets = List.of();

        Route(int type, Optional<String> extendedType, UUID sensor) {
            this.type = type;
            this.extendedType = extendedType;
            this.sensor = sensor;
        }

        @Override
        public boolean wanted() {
            return !targets().isEmpty();
        }

        private List<Queue> targets() {
            long current = routingVersion.get();
            if (current != version) {
                targets = queues.values().stream().filter(q -> q.selector.matches(type, extendedType, sensor)).toList();
                version = current;
            }
            return targets;
        }

        @Override
        public int push(byte[] data) {
            List<Queue> now = targets();
            if (now.isEmpty()) {
                return 0;
            }
            long epochSecond = Instant.now().getEpochSecond();
            byte[] item = data.clone();   // kept until consumed: the caller may reuse its array
            int took = 0;
            for (Queue q : now) {
                try {
                    uncommittedBytes.addAndGet(change(q, () -> q.append(sensor, epochSecond, item)));
                    took++;
                } catch (QueueException deletedMeanwhile) {
                    // the next push sees the new set of queues
                }
            }
            return took;
        }

        @Override
        public int push(List<byte[]> units, String positionKey, byte[] position) {
            ProducerPositions.check(positionKey, position);
            List<Queue> now = units.isEmpty() ? List.of() : targets();
            List<byte[]> items = now.isEmpty() ? List.of() : units.stream().map(byte[]::clone).toList();
            long epochSecond = Instant.now().getEpochSecond();
            throttle();
            // one hold of the shared lock for the units of every queue and the position: no commit falls between them
            commitLock.readLock().lock();
            try {
                checkOpen();
                int took = 0;
                for (Queue q : now) {
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
    }

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
            queues.put(r.uuid(), new Queue(r));
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
            Queue q = new Queue(r);
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
        Queue q = queues.get(uuid);
        return q == null ? Optional.empty() : Optional.of(locked(q, q::info));
    }

    @Override
    public QueueInfo update(UUID uuid, QueueChange change) {
        Queue q = existing(uuid);
        change.maxSize().ifPresent(m -> {
            if (m < 1 || m > QueueSpec.MAX_SIZE_LIMIT) {
                throw new QueueException(Problem.INVALID, "max size must be 1 to " + QueueSpec.MAX_SIZE_LIMIT + ", not " + m);
            }
        });
        change.description().ifPresent(d -> {
            if (d.length() > 1024) {
                throw new QueueException(Problem.INVALID, "description longer than 1024 characters");
            }
        });
        QueueInfo info = storeChange(q, () -> {
            change.description().ifPresent(d -> q.description = d);
            change.sensors().ifPresent(s -> q.selector = q.selector.withSensors(s));
            change.maxSize().ifPresent(m -> {
                q.maxSize = m;
                while (q.length > m && q.takeOldest() != null) {
                    q.dropped++;
                }
            });
            q.changed = true;
            return q.info();
        });
        routingVersion.incrementAndGet();
        return info;
    }

    @Override
    public long empty(UUID uuid) {
        Queue q = existing(uuid);
        return storeChange(q, () -> {
            long removed = q.length;
            q.clearItems();
            q.dropped += removed;
            q.touched();
            return removed;
        });
    }

    @Override
    public void delete(UUID uuid) {
        Queue q = existing(uuid);
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
        return new Route(type, Optional.ofNullable(extendedType).flatMap(e -> e), sensor);
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
        Queue q = existing(uuid);
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
        Queue q = existing(uuid);
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
        Queue q = existing(uuid);
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
        Queue q = existing(uuid);
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
        Queue q = existing(uuid);
        return storeChange(q, () -> {
            // a consumer sets aside the item it is working on: the oldest, unless someone else took it meanwhile
            QueueItem first = q.peekOldest();
            if (first != null && first.sequence() == item.sequence()) {
                q.takeOldest();
                q.out++;
            }
            long id = q.nextDeadLetterId++;
            DeadLetter letter = new DeadLetter(id, item, attempts, error, Instant.now());
            q.dead.put(id, ItemCodec.deadLetter(item, attempts, letter.error(), letter.at()));
            q.deadLetters++;
            // dead letters are bounded like the queue itself
            while (q.deadLetters > q.maxSize) {
                if (q.dead.pollFirstEntry() == null) {
                    q.deadLetters = 0;
                    break;
                }
                q.deadLetters--;
                q.dropped++;
            }
            q.touched();
            return letter;
        });
    }

    @Override
    public List<DeadLetter> deadLetters(UUID uuid, int max) {
        checkCount(max);
        Queue q = existing(uuid);
        return locked(q, () -> {
            List<DeadLetter> result = new ArrayList<>();
            for (Map.Entry<Long, byte[]> e : q.dead.entrySet()) {
                if (result.size() >= max) {
                    break;
                }
                result.add(ItemCodec.deadLetter(e.getKey(), e.getValue()));
            }
            return result;
        });
    }

    @Override
    public int replayDeadLetters(UUID uuid, Collection<Long> ids) {
        Queue q = existing(uuid);
        return storeChange(q, () -> {
            int replayed = 0;
            for (Long id : selected(q, ids)) {
                byte[] stored = q.dead.remove(id);
                if (stored != null) {
                    QueueItem item = ItemCodec.deadLetter(id, stored).item();
                    q.deadLetters--;
                    uncommittedBytes.addAndGet(q.append(item.sensor(), item.epochSecond(), item.data()));
                    replayed++;
                }
            }
            return replayed;
        });
    }

    @Override
    public int discardDeadLetters(UUID uuid, Collection<Long> ids) {
        Queue q = existing(uuid);
        return storeChange(q, () -> {
            int discarded = 0;
            for (Long id : selected(q, ids)) {
                if (q.dead.remove(id) != null) {
                    q.deadLetters--;
                    discarded++;
                }
            }
            if (discarded > 0) {
                q.touched();
            }
            return discarded;
        });
    }

    private static Collection<Long> selected(Queue q, Collection<Long> ids) {
        return ids == null || ids.isEmpty() ? new ArrayList<>(q.dead.keySet()) : new HashSet<>(ids);
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
                for (Queue q : queues.values()) {
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
            for (Queue q : queues.values()) {
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

    // ---- helpers

    private interface Change<T> {
        T apply();
    }

    /** Runs a change of one queue under the shared commit lock and the queue's lock. */
    private <T> T change(Queue q, Change<T> change) {
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
    private <T> T storeChange(Queue q, Change<T> change) {
        commitMutex.lock();
        try {
            return change(q, change);
        } finally {
            commitMutex.unlock();
        }
    }

    private <T> T locked(Queue q, Change<T> read) {
        q.lock.lock();
        try {
            return read.apply();
        } finally {
            q.lock.unlock();
        }
    }

    private Queue existing(UUID uuid) {
        checkOpen();
        Queue q = uuid == null ? null : queues.get(uuid);
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
