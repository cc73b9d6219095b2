// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueException.Problem;
import org.d4.api.queue.QueueService;
import org.mapdb.BTreeMap;

/**
 * Where the queues' producers stand (an archive file and offset, say), kept in the queue file so
 * that a position and the items pushed with it are committed together. Changes wait in memory
 * like pushed items; the queue file's commit writes them under its exclusive lock.
 */
final class ProducerPositions {
    private final BTreeMap<String, byte[]> stored;
    private final ConcurrentSkipListMap<String, byte[]> current = new ConcurrentSkipListMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    ProducerPositions(BTreeMap<String, byte[]> stored) {
        this.stored = stored;
        current.putAll(stored);
    }

    static void check(String key, byte[] position) {
        if (key == null || key.isEmpty() || key.length() > QueueService.MAX_POSITION_KEY) {
            throw new QueueException(Problem.INVALID, "a position key must have 1 to " + QueueService.MAX_POSITION_KEY + " characters");
        }
        if (position != null && position.length > QueueService.MAX_POSITION_BYTES) {
            throw new QueueException(Problem.INVALID, "a position must not exceed " + QueueService.MAX_POSITION_BYTES + " bytes");
        }
    }

    /** The caller holds the queue file's commit lock (shared), so a commit sees this with the items pushed before it. */
    void set(String key, byte[] position) {
        if (position == null) {
            current.remove(key);
        } else {
            current.put(key, position.clone());
        }
        changed.add(key);
    }

    SortedMap<String, byte[]> withPrefix(String prefix) {
        SortedMap<String, byte[]> result = new TreeMap<>();
        current.tailMap(prefix, true).entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix))
                .forEach(e -> result.put(e.getKey(), e.getValue().clone()));
        return result;
    }

    boolean hasChanges() {
        return !changed.isEmpty();
    }

    /** Writes the changes to the store; the caller holds the commit lock exclusively. */
    void store() {
        for (String key : changed) {
            byte[] position = current.get(key);
            if (position == null) {
                stored.remove(key);
            } else {
                stored.put(key, position);
            }
        }
        changed.clear();
    }
}
