// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import org.d4.mapdb.AtomicMapDb;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The analyzer's own store, one MapDB file with atomic commits ({@code backscatter.db}):
 * <ul>
 * <li>{@code attacks}: id (increasing) to the finished attack; {@code by-victim}: victim address
 * (16 bytes) + id, so an address or a network is a range;</li>
 * <li>{@code files}: the capture files already analyzed (the newest {@link #MAX_FILES}), so a file
 * delivered again after a crash is not counted twice;</li>
 * <li>{@code vectors}: the ongoing attack vectors and counters as of the last file, in chunks, so a
 * vector carries over files and restarts;</li>
 * <li>{@code unpublished}: ids of attacks not yet pushed to the d4-backscatter queues.</li>
 * </ul>
 * Each analyzed file is one commit: its attacks, its name and the vectors after it, or none of them.
 */
final class AttackStore implements AutoCloseable {
    static final String FILE = "backscatter.db";
    static final int MAX_FILES = 100_000;
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final DB db;
    private final BTreeMap<Long, byte[]> attacks;
    private final NavigableSet<byte[]> byVictim;
    private final BTreeMap<String, Long> files;
    private final BTreeMap<Long, String> filesInOrder;
    private final BTreeMap<Integer, byte[]> vectors;
    private final NavigableSet<Long> unpublished;
    private final BTreeMap<String, Long> counters;
    private final long maxAttacks;

    AttackStore(Path folder, long maxAttacks) throws IOException {
        Files.createDirectories(folder);
        this.file = folder.resolve(FILE);
        this.maxAttacks = maxAttacks;
        this.db = AtomicMapDb.open(file, AtomicMapDb.Access.RANDOM_ACCESS);
        this.attacks = db.treeMap("attacks", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
        this.byVictim = db.treeSet("by-victim", Serializer.BYTE_ARRAY).createOrOpen();
        this.files = db.treeMap("files", Serializer.STRING, Serializer.LONG).createOrOpen();
        this.filesInOrder = db.treeMap("files-in-order", Serializer.LONG, Serializer.STRING).createOrOpen();
        this.vectors = db.treeMap("vectors", Serializer.INTEGER, Serializer.BYTE_ARRAY).createOrOpen();
        this.unpublished = db.treeSet("unpublished", Serializer.LONG).createOrOpen();
        this.counters = db.treeMap("counters", Serializer.STRING, Serializer.LONG).createOrOpen();
        db.commit();
    }

    Path file() {
        return file;
    }

    boolean analyzed(String capture) {
        return files.containsKey(capture);
    }

    /** Restores the vectors and counters of the last commit into {@code telescope}; false when there are none. */
    boolean restore(Telescope telescope) throws IOException {
        if (vectors.isEmpty()) {
            return false;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : vectors.values()) {
            all.writeBytes(chunk);
        }
        telescope.read(new DataInputStream(new ByteArrayInputStream(all.toByteArray())));
        return true;
    }

    /** Commits one analyzed file: its finished attacks (ids returned), its name, the vectors after it. */
    synchronized List<Long> commitFile(String capture, List<Attack> finished, Telescope telescope) throws IOException {
        List<Long> ids = new ArrayList<>(finished.size());
        long next = counters.getOrDefault("next-id", 1L);
        for (Attack a : finished) {
            long id = next++;
            attacks.put(id, AttackCodec.encode(a));
            byVictim.add(victimKey(a.victim(), id));
            unpublished.add(id);
            ids.add(id);
        }
        counters.put("next-id", next);
        long dropped = 0;
        while (attacks.size() > maxAttacks) {
            Map.Entry<Long, byte[]> oldest = attacks.pollFirstEntry();
            byVictim.remove(victimKey(AttackCodec.decode(oldest.getValue()).victim(), oldest.getKey()));
            unpublished.remove(oldest.getKey());
            dropped++;
        }
        if (dropped > 0) {
            counters.merge("attacks-dropped", dropped, Long::sum);
        }
        long order = counters.getOrDefault("files", 0L) + 1;
        counters.put("files", order);
        files.put(capture, order);
        filesInOrder.put(order, capture);
        while (filesInOrder.size() > MAX_FILES) {
            files.remove(filesInOrder.pollFirstEntry().getValue());
        }
        try (DataOutputStream out = new DataOutputStream(new ChunkStream())) {
            telescope.write(out);
        }
        db.commit();
        return ids;
    }

    /** The attacks not yet pushed to the queues, oldest first. */
    synchronized List<Map.Entry<Long, Attack>> unpublished() {
        List<Map.Entry<Long, Attack>> out = new ArrayList<>();
        for (Long id : unpublished) {
            byte[] data = attacks.get(id);
            if (data != null) {
                out.add(Map.entry(id, AttackCodec.decode(data)));
            }
        }
        return out;
    }

    synchronized void published(List<Long> ids) {
        ids.forEach(unpublished::remove);
        db.commit();
    }

    long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    long size() {
        return attacks.size();
    }

    /** One page of a query, and the cursor for the next (0 at the end). */
    record Page(List<Map.Entry<Long, Attack>> attacks, long next) {
    }

    /** At most {@code maxScanned} stored attacks are looked at per page; a short page then still has a cursor. */
    Page query(AttackQuery q, int maxScanned, java.util.function.Predicate<Attack> also) {
        List<Map.Entry<Long, Attack>> out = new ArrayList<>();
        int scanned = 0;
        long last = q.cursor();
        Iterator<Long> ids;
        if (q.victim() != null) {
            List<Long> matching = new ArrayList<>();
            byte[] low = ByteBuffer.allocate(24).putLong(q.victim().hi()).putLong(q.victim().lo()).putLong(0).array();
            for (byte[] key : byVictim.tailSet(low, true)) {
                ByteBuffer b = ByteBuffer.wrap(key);
                long hi = b.getLong();
                long lo = b.getLong();
                if (!q.victim().contains(hi, lo)) {
                    break;
                }
                long id = b.getLong();
                if (id > q.cursor()) {
                    matching.add(id);
                }
                if (matching.size() > maxScanned) {
                    break;
                }
            }
            matching.sort(null);
            ids = matching.iterator();
        } else {
            ids = attacks.tailMap(q.cursor(), false).keySet().iterator();
        }
        while (ids.hasNext() && out.size() < q.limit() && scanned < maxScanned) {
            long id = ids.next();
            scanned++;
            last = id;
            byte[] data = attacks.get(id);
            if (data == null) {
                continue;
            }
            Attack a = AttackCodec.decode(data);
            if (q.matches(a) && also.test(a)) {
                out.add(Map.entry(id, a));
            }
        }
        return new Page(out, ids.hasNext() ? last : 0);
    }

    /** The {@code n} newest attacks, newest first. */
    List<Map.Entry<Long, Attack>> newest(int n) {
        List<Map.Entry<Long, Attack>> out = new ArrayList<>(n);
        for (Map.Entry<Long, byte[]> e : attacks.descendingMap().entrySet()) {
            if (out.size() == n) {
                break;
            }
            out.add(Map.entry(e.getKey(), AttackCodec.decode(e.getValue())));
        }
        return out;
    }

    /** The capture files numbered {@code first} to {@code last} still remembered, at most {@code max}. */
    List<Path> files(long first, long last, int max) {
        List<Path> out = new ArrayList<>();
        if (first <= 0 || last < first) {
            return out;
        }
        for (String f : filesInOrder.subMap(first, true, last, true).values()) {
            if (out.size() == max) {
                break;
            }
            out.add(Path.of(f));
        }
        return out;
    }

    /** The number the next analyzed file gets. */
    long nextFileNumber() {
        return counters.getOrDefault("files", 0L) + 1;
    }

    /** One attack by its id, if still stored. */
    Attack attack(long id) {
        byte[] data = attacks.get(id);
        return data == null ? null : AttackCodec.decode(data);
    }

    private static byte[] victimKey(String victim, long id) {
        long[] a = Addresses.parse(victim);
        return ByteBuffer.allocate(24).putLong(a[0]).putLong(a[1]).putLong(id).array();
    }

    @Override
    public synchronized void close() {
        db.close();
    }

    /** Writes the vectors' snapshot into the {@code vectors} map one chunk at a time, dropping old chunks beyond it. */
    private final class ChunkStream extends OutputStream {
        private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK);
        private int index;

        @Override
        public void write(int b) {
            chunk.write(b);
            if (chunk.size() >= CHUNK) {
                flushChunk();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            chunk.write(b, off, len);
            if (chunk.size() >= CHUNK) {
                flushChunk();
            }
        }

        private void flushChunk() {
            vectors.put(index++, chunk.toByteArray());
            chunk.reset();
        }

        @Override
        public void close() {
            if (chunk.size() > 0) {
                flushChunk();
            }
            while (!vectors.isEmpty() && vectors.lastKey() >= index) {
                vectors.pollLastEntry();
            }
        }
    }
}
