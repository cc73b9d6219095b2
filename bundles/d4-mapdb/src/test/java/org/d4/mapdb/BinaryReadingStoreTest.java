// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;
import org.mapdb.StoreBinary;
import org.mapdb.serializer.GroupSerializer;

/**
 * Look-ups through the binary reads answer what MapDB's decoding reads answer: in records the
 * file holds, records changed by the transaction in progress (held in MapDB's own log), after a
 * rollback and after a reopen; for a hash map and for B-trees with each key serializer the
 * appliance uses. The models are plain Java maps.
 */
@Timeout(180)     // a B-tree read from stale nodes can walk in circles: that is a failure too
class BinaryReadingStoreTest {
    private static final int KEYS = 12_000;

    /** A B-tree's keys: the serializer and how a number becomes a key. */
    private record TreeKeys<K>(String name, GroupSerializer<K> serializer, LongFunction<K> key) {
    }

    private static final List<TreeKeys<?>> TREES = List.of(
            new TreeKeys<>("long", Serializer.LONG, n -> n),
            new TreeKeys<>("long-delta", Serializer.LONG_DELTA, n -> n),
            new TreeKeys<>("integer", Serializer.INTEGER, n -> (int) n),
            new TreeKeys<>("string", Serializer.STRING, n -> "name-" + n),
            new TreeKeys<>("bytes", Serializer.BYTE_ARRAY, n -> ByteBuffer.allocate(8).putLong(n).array()),
            new TreeKeys<>("bytes-delta", Serializer.BYTE_ARRAY_DELTA, n -> ("moc.elpmaxe." + n).getBytes(StandardCharsets.UTF_8)));

    @TempDir
    Path dir;

    @Test
    void lookUpsThroughBinaryReadsMatchTheModelInEveryStateOfATransaction() throws Exception {
        for (AtomicMapDb.Access access : AtomicMapDb.Access.values()) {
            Path file = dir.resolve(access + ".db");
            Map<Long, Long> model = new HashMap<>();
            try (DB db = AtomicMapDb.open(file, access)) {
                assertInstanceOf(StoreBinary.class, db.getStore(), "hash maps and B-trees take their binary look-ups");
                write(db, model, 0, 8_000);
                db.commit();
                check(db, model);

                write(db, model, 4_000, 10_000);       // changes held by the transaction in progress
                check(db, model);

                db.rollback();
                model.clear();
                for (long i = 0; i < 8_000; i++) {
                    model.put(i, value(i, 0));
                }
                check(db, model);

                write(db, model, 8_000, 12_000);       // after the rollback: B-tree inserts walk directory nodes kept before it
                check(db, model);
                assertTrue(((BinaryReadingStore) db.getStore()).directoryNodesKept() > 0, "inserts keep directory nodes decoded");
                db.commit();
            }
            try (DB db = AtomicMapDb.open(file, access)) {
                check(db, model);
            }
        }
    }

    @Test
    void readersIteratingWhileAWriterInsertsSeeEveryKeyInsertedBeforeTheyStarted() throws Exception {
        try (DB db = AtomicMapDb.open(dir.resolve("concurrent.db"), AtomicMapDb.Access.MAPPED)) {
            NavigableSet<byte[]> set = set(db);
            List<Long> order = new ArrayList<>();
            for (long i = 0; i < 40_000; i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(5));
            AtomicInteger inserted = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    try {
                        while (inserted.get() < order.size()) {
                            int known = inserted.get();
                            Set<String> seen = new HashSet<>();
                            for (byte[] key : set) {            // iteration decodes nodes through the store's get
                                seen.add(new String(key, StandardCharsets.UTF_8));
                            }
                            for (int k = 0; k < known; k++) {
                                String key = new String(setKey(order.get(k)), StandardCharsets.UTF_8);
                                if (!seen.contains(key)) {
                                    throw new AssertionError("key " + order.get(k) + ", inserted before the walk began, not seen");
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            for (int k = 0; k < order.size(); k++) {
                set.add(setKey(order.get(k)));
                inserted.incrementAndGet();
                if (k % 5_000 == 4_999) {
                    db.commit();
                }
            }
            for (Thread reader : readers) {
                reader.join();
            }
            assertNull(failure.get(), () -> "a reader failed: " + failure.get());
            assertEquals(order.size(), set.size());
        }
    }

    private static long value(long i, int round) {
        return i * 31 + round;
    }

    /** Numbers from..to-1 into the hash map and every B-tree (keys 7 * number), and into the model. */
    private static void write(DB db, Map<Long, Long> model, int from, int to) {
        HTreeMap<String, Long> hash = hash(db);
        for (TreeKeys<?> t : TREES) {
            put(db, t, from, to);
        }
        NavigableSet<byte[]> set = set(db);
        BTreeMap<Long, byte[]> large = large(db);
        for (long i = from; i < to; i++) {
            hash.put("key-" + i, value(i, from));
            model.put(i, value(i, from));
            set.add(setKey(i));
            if (i % 1000 == 0) {
                large.put(i, largeValue(i, from));     // over 64 KiB: a linked record
            }
        }
    }

    private static NavigableSet<byte[]> set(DB db) {
        return db.treeSet("set", Serializer.BYTE_ARRAY_DELTA).maxNodeSize(8).createOrOpen();
    }

    private static byte[] setKey(long i) {
        return ("gro.elpmaxe.www\0" + 7 * i).getBytes(StandardCharsets.UTF_8);
    }

    private static BTreeMap<Long, byte[]> large(DB db) {
        return db.treeMap("large", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
    }

    private static byte[] largeValue(long i, int round) {
        byte[] value = new byte[70_000 + (int) (i % 7)];
        java.util.Arrays.fill(value, (byte) (i + round));
        return value;
    }

    private static <K> void put(DB db, TreeKeys<K> t, int from, int to) {
        BTreeMap<K, Long> tree = tree(db, t);
        for (long i = from; i < to; i++) {
            tree.put(t.key().apply(7 * i), value(i, from));
        }
    }

    private static HTreeMap<String, Long> hash(DB db) {
        return db.hashMap("hash", Serializer.STRING, Serializer.LONG).layout(4, 16, 4).createOrOpen();
    }

    private static <K> BTreeMap<K, Long> tree(DB db, TreeKeys<K> t) {
        return db.treeMap("tree-" + t.name(), t.serializer(), Serializer.LONG).maxNodeSize(8).createOrOpen();
    }

    private static void check(DB db, Map<Long, Long> model) {
        HTreeMap<String, Long> hash = hash(db);
        for (long i = 0; i < KEYS; i++) {
            assertEquals(model.get(i), hash.get("key-" + i), "key-" + i);
        }
        assertEquals(model.size(), hash.size());
        for (TreeKeys<?> t : TREES) {
            check(db, t, model);
        }
        NavigableSet<byte[]> set = set(db);
        BTreeMap<Long, byte[]> large = large(db);
        for (long i = 0; i < KEYS; i++) {
            assertEquals(model.containsKey(i), set.contains(setKey(i)), "set key " + i);
            if (i % 1000 == 0) {
                Long v = model.get(i);
                assertArrayEquals(v == null ? null : largeValue(i, (int) (v - i * 31)), large.get(i), "large value " + i);
            }
        }
        assertEquals(model.size(), set.size());
    }

    private static <K> void check(DB db, TreeKeys<K> t, Map<Long, Long> model) {
        BTreeMap<K, Long> tree = tree(db, t);
        for (long i = 0; i < KEYS; i++) {
            assertEquals(model.get(i), tree.get(t.key().apply(7 * i)), t.name() + " " + 7 * i);
            assertNull(tree.get(t.key().apply(7 * i + 3)), t.name() + ": no key between the model's");
        }
        assertEquals(model.size(), tree.size());
        if (t.serializer() == Serializer.LONG || t.serializer() == Serializer.LONG_DELTA) {     // numbers: the model's order
            assertArrayEquals(new TreeMap<>(model).values().toArray(), tree.values().toArray(), t.name() + ": in key order");
        }
    }
}
