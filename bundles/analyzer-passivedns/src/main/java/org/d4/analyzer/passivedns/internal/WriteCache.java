// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values and store record ids of busy records (seen more than once in a batch), least recently
 * used out first: passive DNS repeats popular names all day, and such a record is then updated with
 * one write, without finding it in the hash map and reading it first. Records seen once do not
 * enter, so a stream of rarely seen ones cannot push the busy ones out. The store stays the truth: the cache
 * is written through and only the writer thread uses it. Not thread-safe.
 */
final class WriteCache {
    /** A cached record: where its value lives and what it is. */
    static final class Entry {
        final long recid;
        RecordValue value;

        Entry(long recid, RecordValue value) {
            this.recid = recid;
            this.value = value;
        }
    }

    private final LinkedHashMap<Batch.Key, Entry> entries;

    WriteCache(int capacity) {
        this.entries = new LinkedHashMap<>(capacity / 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Batch.Key, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    Entry get(Batch.Key key) {
        return entries.get(key);
    }

    void put(Batch.Key key, Entry entry) {
        entries.put(key, entry);
    }

    void remove(Batch.Key key) {
        entries.remove(key);
    }

    void clear() {
        entries.clear();
    }
}
