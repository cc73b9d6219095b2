// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueException.Problem;
import org.d4.api.queue.QueueSelector;
import org.d4.api.queue.QueueSpec;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * One queue's live state; guarded by its lock (and the shared commit lock). Items are kept in
 * stored segments (oldest first) followed by the items pushed since the last commit, which the
 * commit packs into new segments: MapDB rewrites a record per change, so writing items one by
 * one would cost a B-tree update each.
 */
final class StoredQueue {
    /** Items packed into one stored record at most: large enough to amortise MapDB's per-record cost. */
    private static final int SEGMENT_ITEMS = 1024;
    private static final long SEGMENT_BYTES = 1 << 20;

    final UUID uuid;
    final long number;
    final long createdMillis;
    final Optional<String> owner;
    final BTreeMap<Long, byte[]> segments;
    final DeadLetters deadLetters;
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
    long lastUpdateMillis;
    boolean changed;
    boolean deleted;

    StoredQueue(QueueRecord r, DB db) {
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
        this.lastUpdateMillis = r.lastUpdateMillis();
        this.nextSegment = r.nextSegment();
        this.headOffset = r.headOffset();
        this.segments = db.treeMap("queue." + number + ".segments", Serializer.LONG_DELTA, Serializer.BYTE_ARRAY)
                .valuesOutsideNodesEnable().createOrOpen();
        this.deadLetters = new DeadLetters(db, number, r.deadLetters(), r.nextDeadLetterId());
        this.storedSegments = segments.size();
    }

    QueueRecord record() {
        return new QueueRecord(uuid, number, selector, description, maxSize, owner, createdMillis, length, nextSequence, in, out,
                dropped, deadLetters.count(), deadLetters.nextId(), lastUpdateMillis, nextSegment, headOffset);
    }

    QueueInfo info() {
        return new QueueInfo(uuid, selector, description, maxSize, owner, length, in, out, dropped, deadLetters.count(),
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

    /**
     * Sets an item aside as a dead letter (taking it from the queue if it is still the oldest);
     * dead letters are bounded like the queue. Writes to the store: the caller holds the commit mutex.
     */
    DeadLetter setAside(QueueItem item, int attempts, String error) {
        // a consumer sets aside the item it is working on: the oldest, unless someone else took it meanwhile
        QueueItem first = peekOldest();
        if (first != null && first.sequence() == item.sequence()) {
            takeOldest();
            out++;
        }
        DeadLetter letter = deadLetters.add(item, attempts, error);
        dropped += deadLetters.trimTo(maxSize);
        touched();
        return letter;
    }

    /**
     * Puts the selected dead letters (all for none) back at the end of the queue; tells
     * {@code pendingBytes} the bytes now waiting for a commit and returns how many it put back.
     */
    int replay(Collection<Long> ids, LongConsumer pendingBytes) {
        List<QueueItem> items = deadLetters.takeForReplay(ids);
        for (QueueItem item : items) {
            pendingBytes.accept(append(item.sensor(), item.epochSecond(), item.data()));
        }
        return items.size();
    }

    /** Drops the selected dead letters (all for none). */
    int discard(Collection<Long> ids) {
        int discarded = deadLetters.discard(ids);
        if (discarded > 0) {
            touched();
        }
        return discarded;
    }

    /** Runs a read under the queue's lock. */
    <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses a change of the definition that the queue could not take. */
    static void check(QueueChange change) {
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
    }

    /** Applies a checked change of the definition; a smaller maximum drops the oldest items beyond it. */
    QueueInfo apply(QueueChange change) {
        change.description().ifPresent(d -> description = d);
        change.sensors().ifPresent(s -> selector = selector.withSensors(s));
        change.maxSize().ifPresent(m -> {
            maxSize = m;
            while (length > m && takeOldest() != null) {
                dropped++;
            }
        });
        changed = true;
        return info();
    }

    /** Drops every item, counted as dropped; writes to the store: the caller holds the commit mutex. */
    long empty() {
        long removed = length;
        clearItems();
        dropped += removed;
        touched();
        return removed;
    }
}
