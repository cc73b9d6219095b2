// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.d4.mapdb.AtomicMapDb;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;
import org.mapdb.Store;

/**
 * The passive DNS store, one MapDB file with atomic commits ({@code pdns.db} in its folder):
 * <ul>
 * <li>{@code records}: record key to the store record holding its {@link RecordValue}, a hash map,
 * since most lines update a record that exists; the writer keeps the most recently written values
 * and their record ids in memory ({@link #CACHED}), so updating a busy record is one write;</li>
 * <li>{@code by-name}: the record keys sorted (names reversed by label: wildcards are ranges);</li>
 * <li>{@code by-rdata}: the reverse index, data to names (addresses as bytes: networks are ranges);</li>
 * <li>{@code names}: the distinct names (UTF-8) in forward order, for {@code www.example.*};</li>
 * <li>counters and distributions: lines per sensor, TTLs, classes, types.</li>
 * </ul>
 * One writer at a time ({@link #apply}, {@link #delete}, {@link #commit}); any number of readers.
 * A crash loses what was not committed and never corrupts the file ({@link AtomicMapDb}).
 */
final class PdnsStore implements AutoCloseable {
    static final String FILE = "pdns.db";
    private static final int FORMAT = 1;
    private static final int MAX_TTLS = 65_536;
    private static final int MAX_CLASSES = 256;
    /** Records whose value and store record id the writer keeps in memory (about 25 MB). */
    static final int CACHED = 131_072;
    /** Where TTLs and classes beyond their caps are counted. */
    static final long OTHER_TTL = -1;
    static final String OTHER_CLASS = "OTHER";

    private final Path file;
    private final DB db;
    private final Store values;
    private final HTreeMap<byte[], Long> records;
    private final WriteCache cache = new WriteCache(CACHED);
    private final NavigableSet<byte[]> byName;
    private final NavigableSet<byte[]> byRdata;
    private final NavigableSet<byte[]> names;
    private final BTreeMap<String, Long> counters;
    private final BTreeMap<String, Long> sensorLines;
    private final BTreeMap<String, Integer> sensorNumbers;
    private final BTreeMap<Long, Long> ttls;
    private final BTreeMap<String, Long> classes;
    private final BTreeMap<Integer, Long> types;
    private final Map<UUID, Integer> numberOf = new ConcurrentHashMap<>();
    private final Map<Integer, UUID> sensorOf = new ConcurrentHashMap<>();

    PdnsStore(Path folder) throws IOException {
        Files.createDirectories(folder);
        this.file = folder.resolve(FILE);
        // commits are atomic through a redo log (a crash never leaves half of one); memory-mapped for cheap reads
        this.db = AtomicMapDb.open(file, AtomicMapDb.Access.MAPPED);
        this.counters = db.treeMap("counters", Serializer.STRING, Serializer.LONG).createOrOpen();
        Long format = counters.putIfAbsent("format", (long) FORMAT);
        if (format != null && format != FORMAT) {
            db.close();
            throw new IOException(file + " has store format " + format + "; this analyzer reads format " + FORMAT);
        }
        this.values = db.getStore();
        this.records = db.hashMap("records", Serializer.BYTE_ARRAY, Serializer.LONG).layout(16, 64, 4).createOrOpen();
        // the sorted indexes store each node's keys as deltas of their neighbours: names share long prefixes
        this.byName = db.treeSet("by-name", Serializer.BYTE_ARRAY_DELTA).createOrOpen();
        this.byRdata = db.treeSet("by-rdata", Serializer.BYTE_ARRAY_DELTA).createOrOpen();
        this.names = db.treeSet("names", Serializer.BYTE_ARRAY_DELTA).createOrOpen();
        this.sensorLines = db.treeMap("sensor-lines", Serializer.STRING, Serializer.LONG).createOrOpen();
        this.sensorNumbers = db.treeMap("sensor-numbers", Serializer.STRING, Serializer.INTEGER).createOrOpen();
        this.ttls = db.treeMap("ttls", Serializer.LONG, Serializer.LONG).counterEnable().createOrOpen();
        this.classes = db.treeMap("classes", Serializer.STRING, Serializer.LONG).counterEnable().createOrOpen();
        this.types = db.treeMap("types", Serializer.INTEGER, Serializer.LONG).createOrOpen();
        sensorNumbers.forEach((uuid, n) -> {
            numberOf.put(UUID.fromString(uuid), n);
            sensorOf.put(n, UUID.fromString(uuid));
        });
        db.commit();
    }

    Path file() {
        return file;
    }

    /** Adds a batch; durable with the next {@link #commit}. Writer thread only. */
    void apply(Batch batch) {
        int[] numbers = numbers(batch.sensors());
        List<Fresh> fresh = new ArrayList<>();
        for (int r = 0; r < batch.size(); r++) {
            Batch.Key id = batch.cacheKey(r);
            WriteCache.Entry known = cache.get(id);
            if (known == null) {
                Long recid = records.get(id.bytes());
                if (recid == null) {
                    fresh.add(new Fresh(id.bytes(), r));
                    continue;
                }
                known = new WriteCache.Entry(recid, RecordValue.decode(values.get(recid, Serializer.BYTE_ARRAY)));
                if (batch.sightings(r) > 1) {
                    cache.put(id, known);    // seen again and again: likely busy in the next batch too
                }
            }
            if (known.merge(batch.first(r), batch.last(r), batch.count(r), batch.sensorsOf(r, numbers))) {
                values.update(known.recid, known.encode(), Serializer.BYTE_ARRAY);
            }
        }
        // new records go into the sorted indexes in key order: neighbouring inserts touch the same nodes
        fresh.sort(Comparator.comparing(Fresh::key, Arrays::compareUnsigned));
        for (Fresh f : fresh) {
            byte[] key = f.key();
            int r = f.record();
            int[] sensors = batch.sensorsOf(r, numbers);
            long recid = values.put(RecordValue.encode(batch.first(r), batch.last(r), batch.count(r), sensors), Serializer.BYTE_ARRAY);
            records.put(key, recid);
            if (batch.sightings(r) > 1) {
                cache.put(new Batch.Key(key), new WriteCache.Entry(recid, batch.first(r), batch.last(r), batch.count(r), sensors));
            }
            byName.add(key);
            String rrname = RecordKeys.rrname(key);
            byte[] reverse = RecordKeys.byRdata(rrname, RecordKeys.type(key), RecordKeys.rdata(key));
            if (reverse != null) {
                byRdata.add(reverse);
            }
            names.add(RecordKeys.utf8(rrname));
        }
        add("records", fresh.size());
        add("lines", batch.lines);
        add("malformed", batch.malformed);
        add("excluded", batch.excluded);
        add("imported", batch.imported);
        batch.sensorLines.forEach((sensor, n) -> sensorLines.merge(sensor.toString(), n, Long::sum));
        batch.ttls.forEach((ttl, n) -> ttls.merge(ttls.containsKey(ttl) || ttls.size() < MAX_TTLS ? ttl : OTHER_TTL, n, Long::sum));
        batch.classes.forEach((c, n) -> classes.merge(classes.containsKey(c) || classes.size() < MAX_CLASSES ? c : OTHER_CLASS, n, Long::sum));
        batch.types.forEach((t, n) -> types.merge(t, n, Long::sum));
    }

    /** A record of the batch not in the store yet. */
    private record Fresh(byte[] key, int record) {
    }

    /** The store's numbers of these sensors (added to its table when new). */
    private int[] numbers(List<UUID> sensors) {
        int[] out = new int[sensors.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numberOf.computeIfAbsent(sensors.get(i), s -> {
                int n = numberOf.size();
                sensorNumbers.put(s.toString(), n);
                sensorOf.put(n, s);
                return n;
            });
        }
        return out;
    }

    /** Removes a record and its index entries (its name too when it was the name's last record). */
    boolean delete(byte[] key) {
        if (!byName.remove(key)) {
            return false;
        }
        String rrname = RecordKeys.rrname(key);
        byte[] reverse = RecordKeys.byRdata(rrname, RecordKeys.type(key), RecordKeys.rdata(key));
        if (reverse != null) {
            byRdata.remove(reverse);
        }
        Long recid = records.remove(key);
        if (recid != null) {
            values.delete(recid, Serializer.BYTE_ARRAY);
        }
        cache.remove(new Batch.Key(key));
        byte[] prefix = RecordKeys.namePrefix(rrname);
        byte[] next = byName.ceiling(prefix);
        if (next == null || !RecordKeys.startsWith(next, prefix)) {
            names.remove(RecordKeys.utf8(rrname));
        }
        add("records", -1);
        return true;
    }

    void commit() {
        db.commit();
    }

    /** Drops every change since the last commit (after a failed batch), and what the writer remembered of them. */
    void rollback() {
        cache.clear();
        db.rollback();
        // sensors numbered by the rolled-back changes are numbered again when the batch is retried
        numberOf.entrySet().removeIf(e -> !sensorNumbers.containsKey(e.getKey().toString()));
        sensorOf.entrySet().removeIf(e -> !sensorNumbers.containsKey(e.getValue().toString()));
    }

    /** The value of a record, or null when there is none (any more). */
    RecordValue get(byte[] key) {
        Long recid = records.get(key);
        byte[] value = recid == null ? null : values.get(recid, Serializer.BYTE_ARRAY);
        return value == null ? null : RecordValue.decode(value);
    }

    NavigableSet<byte[]> byName() {
        return byName;
    }

    NavigableSet<byte[]> byRdata() {
        return byRdata;
    }

    /** The distinct names, UTF-8, in forward order. */
    NavigableSet<byte[]> names() {
        return names;
    }

    /** The sensor behind a number of {@link RecordValue#sensors()}, or null. */
    UUID sensor(int number) {
        return sensorOf.get(number);
    }

    long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Adds to one of the store's counters (records, lines, malformed, excluded, imported, expired). */
    void add(String counter, long n) {
        if (n != 0) {
            counters.merge(counter, n, Long::sum);
        }
    }

    NavigableMap<String, Long> sensorLines() {
        return sensorLines;
    }

    NavigableMap<Long, Long> ttls() {
        return ttls;
    }

    NavigableMap<String, Long> classes() {
        return classes;
    }

    NavigableMap<Integer, Long> types() {
        return types;
    }

    @Override
    public void close() {
        if (!db.isClosed()) {
            db.commit();
            db.close();
        }
    }
}
