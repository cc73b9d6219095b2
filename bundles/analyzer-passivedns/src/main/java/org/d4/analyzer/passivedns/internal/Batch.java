// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sightings gathered in memory between two commits: one entry per distinct record (passive DNS
 * repeats itself, so a batch is much smaller than the lines it holds) and the counters to add.
 *
 * <p>The records live in a few primitive arrays (an open-addressing table, the keys side by side in
 * one byte array), and the ingestor uses the same two batches again and again. A batch of 200,000
 * records lives a second or two; as objects (an entry, its key, its sensors, a map node each) they
 * were copied by the young collections, promoted and collected again in full collections, which
 * cost the writer more than a tenth of its time. Not thread-safe: the ingestor hands it over under
 * its lock.
 */
final class Batch {
    /** A byte array as a hash key (the write cache's). */
    record Key(byte[] bytes, int hash) {
        Key(byte[] bytes) {
            this(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private static final int FIRST_RECORDS = 1024;
    private static final int FIRST_KEY_BYTES = 64 * 1024;
    private static final int NONE = -1;

    // the table: record number + 1 per slot, 0 for an empty slot; twice the records' capacity or more
    private int[] slots = new int[2 * FIRST_RECORDS];
    private int size;
    private int[] hashes = new int[FIRST_RECORDS];
    private int[] keyStart = new int[FIRST_RECORDS];
    private int[] keyLength = new int[FIRST_RECORDS];
    private byte[] keyBytes = new byte[FIRST_KEY_BYTES];
    private int keyFill;
    private long[] first = new long[FIRST_RECORDS];
    private long[] last = new long[FIRST_RECORDS];
    private long[] count = new long[FIRST_RECORDS];
    private int[] sightings = new int[FIRST_RECORDS];
    // each record's sensors, a list in order of first sight: its first link, each link's sensor and next
    private int[] sensorHead = new int[FIRST_RECORDS];
    private int[] linkSensor = new int[FIRST_RECORDS];
    private int[] linkNext = new int[FIRST_RECORDS];
    private int links;
    // the sensors of this batch, numbered in order of first sight (a handful)
    private final Map<UUID, Integer> sensorNumbers = new HashMap<>();
    private final List<UUID> sensors = new ArrayList<>();

    final Map<UUID, Long> sensorLines = new HashMap<>();
    final Map<Long, Long> ttls = new HashMap<>();
    final Map<String, Long> classes = new HashMap<>();
    final Map<Integer, Long> types = new HashMap<>();
    long lines;
    long malformed;
    long excluded;
    long imported;

    /** A sighting of a record (in the distributions when it came from a sensor line); more sensors may come with it. */
    void record(Observation o, UUID... moreSensors) {
        int r = find(RecordKeys.record(o.rrname(), o.rrtype(), o.rdata()));
        first[r] = Math.min(first[r], o.timeFirst());
        last[r] = Math.max(last[r], o.timeLast());
        count[r] = RecordValue.addCounts(count[r], o.count());
        sightings[r]++;
        sensor(r, o.sensor());
        for (UUID s : moreSensors) {
            sensor(r, s);
        }
        if (o.dnsClass() != null) {    // a sensor line, not an import
            types.merge(o.rrtype(), 1L, Long::sum);
            ttls.merge(o.ttl(), 1L, Long::sum);
            classes.merge(o.dnsClass(), 1L, Long::sum);
        }
    }

    /** A line received from a sensor, whatever became of it. */
    void line(UUID sensor) {
        lines++;
        sensorLines.merge(sensor, 1L, Long::sum);
    }

    /** Distinct records. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0 && lines == 0 && malformed == 0 && excluded == 0 && imported == 0;
    }

    /** Record {@code r}'s key, a copy. */
    byte[] key(int r) {
        return Arrays.copyOfRange(keyBytes, keyStart[r], keyStart[r] + keyLength[r]);
    }

    /** Record {@code r}'s key as the write cache's key. */
    Key cacheKey(int r) {
        return new Key(key(r), hashes[r]);
    }

    long first(int r) {
        return first[r];
    }

    long last(int r) {
        return last[r];
    }

    long count(int r) {
        return count[r];
    }

    /** Lines that carried record {@code r} in this batch: a record seen more than once is worth keeping at hand. */
    int sightings(int r) {
        return sightings[r];
    }

    /** The sensors of this batch, numbered as {@link #sensorsOf} answers them. */
    List<UUID> sensors() {
        return sensors;
    }

    /** Record {@code r}'s sensors in order of first sight, translated by {@code numbers} (indexed like {@link #sensors}). */
    int[] sensorsOf(int r, int[] numbers) {
        int n = 0;
        for (int link = sensorHead[r]; link != NONE; link = linkNext[link]) {
            n++;
        }
        int[] out = new int[n];
        int i = 0;
        for (int link = sensorHead[r]; link != NONE; link = linkNext[link]) {
            out[i++] = numbers[linkSensor[link]];
        }
        return out;
    }

    /** Bytes its arrays hold now: about what the largest recent batch needed. */
    long footprint() {
        return 4L * (slots.length + 5L * hashes.length + 2L * linkSensor.length) + 8L * 3 * first.length + keyBytes.length;
    }

    /** Empties the batch for its next use; arrays grown far beyond what this batch needed are given back. */
    void clear() {
        if (hashes.length > FIRST_RECORDS && size < hashes.length / 8) {
            allocate(Math.max(FIRST_RECORDS, hashes.length / 4));
        } else if (size > 0) {
            Arrays.fill(slots, 0);
        }
        if (keyBytes.length > FIRST_KEY_BYTES && keyFill < keyBytes.length / 8) {
            keyBytes = new byte[Math.max(FIRST_KEY_BYTES, keyBytes.length / 4)];
        }
        if (linkSensor.length > FIRST_RECORDS && links < linkSensor.length / 8) {     // imports bring many sensors per record
            linkSensor = new int[Math.max(FIRST_RECORDS, linkSensor.length / 4)];
            linkNext = new int[linkSensor.length];
        }
        size = 0;
        keyFill = 0;
        links = 0;
        sensorNumbers.clear();
        sensors.clear();
        sensorLines.clear();
        ttls.clear();
        classes.clear();
        types.clear();
        lines = 0;
        malformed = 0;
        excluded = 0;
        imported = 0;
    }

    /** The record with this key, added (never seen, no sensor) if it is new. */
    private int find(byte[] key) {
        int hash = Arrays.hashCode(key);
        int mask = slots.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            int r = slots[slot] - 1;
            if (r < 0) {
                return add(key, hash, slot);
            }
            if (hashes[r] == hash && Arrays.equals(keyBytes, keyStart[r], keyStart[r] + keyLength[r], key, 0, key.length)) {
                return r;
            }
        }
    }

    private int add(byte[] key, int hash, int slot) {
        if (size == hashes.length) {
            grow();
            return find(key);
        }
        if (keyBytes.length - keyFill < key.length) {
            keyBytes = Arrays.copyOf(keyBytes, Math.max(2 * keyBytes.length, keyFill + key.length));
        }
        int r = size++;
        System.arraycopy(key, 0, keyBytes, keyFill, key.length);
        keyStart[r] = keyFill;
        keyLength[r] = key.length;
        keyFill += key.length;
        hashes[r] = hash;
        first[r] = Long.MAX_VALUE;
        last[r] = Long.MIN_VALUE;
        count[r] = 0;
        sightings[r] = 0;
        sensorHead[r] = NONE;
        slots[slot] = r + 1;
        return r;
    }

    private void sensor(int r, UUID sensor) {
        if (sensor == null) {
            return;
        }
        Integer known = sensorNumbers.get(sensor);     // an unknown sensor is on no record's list yet
        int n = 0;
        int tail = NONE;
        for (int link = sensorHead[r]; link != NONE; link = linkNext[link]) {
            if (known != null && linkSensor[link] == known) {
                return;
            }
            tail = link;
            n++;
        }
        if (n == RecordValue.MAX_SENSORS) {
            return;     // numbered only when some record keeps it: the store numbers every sensor of a batch
        }
        int number;
        if (known != null) {
            number = known;
        } else {
            number = sensors.size();
            sensors.add(sensor);
            sensorNumbers.put(sensor, number);
        }
        if (links == linkSensor.length) {
            linkSensor = Arrays.copyOf(linkSensor, 2 * links);
            linkNext = Arrays.copyOf(linkNext, 2 * links);
        }
        int link = links++;
        linkSensor[link] = number;
        linkNext[link] = NONE;
        if (tail == NONE) {
            sensorHead[r] = link;
        } else {
            linkNext[tail] = link;
        }
    }

    private void grow() {
        int capacity = 2 * hashes.length;
        hashes = Arrays.copyOf(hashes, capacity);
        keyStart = Arrays.copyOf(keyStart, capacity);
        keyLength = Arrays.copyOf(keyLength, capacity);
        first = Arrays.copyOf(first, capacity);
        last = Arrays.copyOf(last, capacity);
        count = Arrays.copyOf(count, capacity);
        sightings = Arrays.copyOf(sightings, capacity);
        sensorHead = Arrays.copyOf(sensorHead, capacity);
        slots = new int[2 * capacity];
        int mask = slots.length - 1;
        for (int r = 0; r < size; r++) {
            int slot = spread(hashes[r]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = r + 1;
        }
    }

    private void allocate(int capacity) {
        slots = new int[2 * capacity];
        hashes = new int[capacity];
        keyStart = new int[capacity];
        keyLength = new int[capacity];
        first = new long[capacity];
        last = new long[capacity];
        count = new long[capacity];
        sightings = new int[capacity];
        sensorHead = new int[capacity];
        linkSensor = new int[capacity];
        linkNext = new int[capacity];
    }

    /** Arrays.hashCode of similar keys differs in its low bits only a little: mixed before it picks a slot. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
