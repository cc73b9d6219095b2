// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Sightings gathered in memory between two commits: one entry per distinct record (passive DNS
 * repeats itself, so a batch is much smaller than the lines it holds) and the counters to add.
 * Not thread-safe: the ingestor hands it over under its lock.
 */
final class Batch {
    /** A distinct record of the batch and what was seen of it (its name, type and data are in its key). */
    static final class Pending {
        final Key id;
        final byte[] key;
        long first;
        long last;
        long count;
        /** Lines that carried it in this batch: a record seen more than once is worth keeping at hand. */
        int sightings;
        UUID[] sensors = new UUID[0];

        Pending(Key id, Observation o) {
            this.id = id;
            this.key = id.bytes();
            this.first = o.timeFirst();
            this.last = o.timeLast();
        }

        void seen(Observation o) {
            first = Math.min(first, o.timeFirst());
            last = Math.max(last, o.timeLast());
            long sum = count + o.count();
            count = sum < 0 ? Long.MAX_VALUE : sum;
            sightings++;
            sensor(o.sensor());
        }

        void sensor(UUID sensor) {
            if (sensor != null && sensors.length < RecordValue.MAX_SENSORS && !Arrays.asList(sensors).contains(sensor)) {
                sensors = Arrays.copyOf(sensors, sensors.length + 1);
                sensors[sensors.length - 1] = sensor;
            }
        }
    }

    /** A byte array as a hash key. */
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

    private final Map<Key, Pending> records = new HashMap<>();
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
        Pending p = records.computeIfAbsent(new Key(RecordKeys.record(o.rrname(), o.rrtype(), o.rdata())), k -> new Pending(k, o));
        p.seen(o);
        for (UUID s : moreSensors) {
            p.sensor(s);
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

    int size() {
        return records.size();
    }

    boolean isEmpty() {
        return records.isEmpty() && lines == 0 && malformed == 0 && excluded == 0 && imported == 0;
    }

    Collection<Pending> records() {
        return records.values();
    }
}
