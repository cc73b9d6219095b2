// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.d4.api.storage.CounterMap;
import org.d4.api.storage.KeyValueStore;
import org.d4.api.storage.StoredMap;
import org.d4.api.storage.ValueCodec;
import org.d4.mapdb.AtomicMapDb;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * One MapDB file with atomic commits ({@link AtomicMapDb}): every map is a B-tree of string keys
 * to bytes, every counter map a B-tree of string keys to longs. Plain Java, so tests (also other bundles' tests, on
 * a plain class path) open and close it directly; not exported in OSGi.
 */
public final class MapDbFile implements KeyValueStore, AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,100}");

    private final DB db;
    private final Map<String, MapDbStoredMap<?>> maps = new ConcurrentHashMap<>();
    private final Map<String, MapDbCounters> counters = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();

    public MapDbFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // commits are atomic through a redo log: after a kill -9 the file holds every commit whole, or not at all
        this.db = AtomicMapDb.open(file, AtomicMapDb.Access.RANDOM_ACCESS);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> StoredMap<V> map(String name, ValueCodec<V> codec) {
        checkName(name);
        if (counters.containsKey(name)) {
            throw new IllegalArgumentException(name + " is a counter map");
        }
        return (StoredMap<V>) maps.computeIfAbsent(name, n -> {
            BTreeMap<String, byte[]> tree = db.treeMap("map." + n, Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
            return new MapDbStoredMap<>(tree, codec, this::changed);
        });
    }

    @Override
    public CounterMap counters(String name) {
        checkName(name);
        if (maps.containsKey(name)) {
            throw new IllegalArgumentException(name + " is a value map");
        }
        return counters.computeIfAbsent(name, n -> new MapDbCounters(
                db.treeMap("counters." + n, Serializer.STRING, Serializer.LONG).createOrOpen(), this::changed));
    }

    @Override
    public void commit() {
        if (dirty.getAndSet(false)) {
            db.commit();
        }
    }

    boolean hasUncommittedChanges() {
        return dirty.get();
    }

    private void changed() {
        dirty.set(true);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("store names are 1-100 of [a-z0-9._-]: " + name);
        }
    }

    @Override
    public void close() {
        try {
            commit();
        } finally {
            db.close();
        }
    }
}
