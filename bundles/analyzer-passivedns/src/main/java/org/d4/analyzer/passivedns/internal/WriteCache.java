// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.Arrays;
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
    /**
     * A cached record: where its value lives and what it is. Updated in place, so a busy record's
     * update leaves no new object for the collector to carry into the old generation.
     */
    static final class Entry {
        final long recid;
        private long first;
        private long last;
        private long count;
        private int[] sensors;

        Entry(long recid, long first, long last, long count, int[] sensors) {
            this.recid = recid;
            this.first = first;
            this.last = last;
            this.count = count;
            this.sensors = sensors;
        }

        Entry(long recid, RecordValue value) {
            this(recid, value.timeFirst(), value.timeLast(), value.count(), value.sensors());
        }

        /**
         * The record seen again: earliest first, latest last, counts added (saturating), sensors joined
         * (in order of first sight, at most {@link RecordValue#MAX_SENSORS}).
         *
         * @return whether the value changed
         */
        boolean merge(long moreFirst, long moreLast, long more, int[] moreSensors) {
            long newCount = RecordValue.addCounts(count, more);
            boolean changed = moreFirst < first || moreLast > last || newCount != count;
            first = Math.min(first, moreFirst);
            last = Math.max(last, moreLast);
            count = newCount;
            for (int s : moreSensors) {
                if (sensors.length < RecordValue.MAX_SENSORS && !RecordValue.contains(sensors, s)) {
                    sensors = Arrays.copyOf(sensors, sensors.length + 1);
                    sensors[sensors.length - 1] = s;
                    changed = true;
                }
            }
            return changed;
        }

        byte[] encode() {
            return RecordValue.encode(first, last, count, sensors);
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
