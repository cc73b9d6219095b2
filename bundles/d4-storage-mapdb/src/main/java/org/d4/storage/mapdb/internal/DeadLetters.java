// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueItem;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * One queue's dead letters: items its consumers gave up on, kept with their error until replayed
 * or discarded. Every change writes to the store at once (they are rare), so the caller holds the
 * queue's lock and the commit mutex; the count and the next id go in the queue's record.
 */
final class DeadLetters {
    private final BTreeMap<Long, byte[]> stored;
    private long count;
    private long nextId;

    DeadLetters(DB db, long queueNumber, long count, long nextId) {
        this.stored = db.treeMap("queue." + queueNumber + ".dead", Serializer.LONG_DELTA, Serializer.BYTE_ARRAY)
                .valuesOutsideNodesEnable().createOrOpen();
        this.count = count;
        this.nextId = nextId;
    }

    long count() {
        return count;
    }

    long nextId() {
        return nextId;
    }

    DeadLetter add(QueueItem item, int attempts, String error) {
        DeadLetter letter = new DeadLetter(nextId++, item, attempts, error, Instant.now());
        stored.put(letter.id(), ItemCodec.deadLetter(item, attempts, letter.error(), letter.at()));
        count++;
        return letter;
    }

    /** Drops the oldest beyond {@code max}; returns how many it dropped. */
    long trimTo(long max) {
        long dropped = 0;
        while (count > max) {
            if (stored.pollFirstEntry() == null) {
                count = 0;
                break;
            }
            count--;
            dropped++;
        }
        return dropped;
    }

    /** Up to {@code max} dead letters, oldest first. */
    List<DeadLetter> oldest(int max) {
        List<DeadLetter> result = new ArrayList<>();
        for (Map.Entry<Long, byte[]> e : stored.entrySet()) {
            if (result.size() >= max) {
                break;
            }
            result.add(ItemCodec.deadLetter(e.getKey(), e.getValue()));
        }
        return result;
    }

    /** Removes the selected dead letters (all for none) and returns their items, to be queued again. */
    List<QueueItem> takeForReplay(Collection<Long> ids) {
        List<QueueItem> items = new ArrayList<>();
        for (Long id : selected(ids)) {
            byte[] letter = stored.remove(id);
            if (letter != null) {
                count--;
                items.add(ItemCodec.deadLetter(id, letter).item());
            }
        }
        return items;
    }

    /** Drops the selected dead letters (all for none); returns how many. */
    int discard(Collection<Long> ids) {
        int discarded = 0;
        for (Long id : selected(ids)) {
            if (stored.remove(id) != null) {
                count--;
                discarded++;
            }
        }
        return discarded;
    }

    /** Removes them all, for a deleted queue. */
    void clear() {
        stored.clear();
        count = 0;
    }

    private Collection<Long> selected(Collection<Long> ids) {
        return ids == null || ids.isEmpty() ? new ArrayList<>(stored.keySet()) : new HashSet<>(ids);
    }
}
