// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.IOException;
import kotlin.collections.LongIterator;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;
import org.mapdb.StoreBinary;
import org.mapdb.StoreBinaryGetLong;
import org.mapdb.StoreTx;
import org.mapdb.StoreWAL;

/**
 * MapDB's transactional store, with the binary reads its plain store offers. MapDB's hash maps and
 * B-trees look a key up without decoding whole nodes when their store can hand a record's bytes
 * to a reader ({@link StoreBinary}): a hash-map look-up then reads its way through four index-tree
 * directories instead of decoding each into a fresh array of up to 128 longs, and a B-tree
 * look-up binary-searches each node where it lies. {@link StoreWAL} does not offer it, although
 * its {@code get} hands any serializer the record's bytes, from its log or from the file; here a
 * reader is such a serializer. B-tree directory nodes that a writer decodes on its way down are
 * kept decoded ({@link DirectoryNodes}). Everything else goes to the store as it is.
 *
 * <p>MapDB's binary directory walk takes a negative value for a child directory, so an index-tree
 * map holding negative values ({@code db.indexTreeLongLongMap}) would be misread; the appliance
 * keeps none (its hash maps hold record ids there, always positive).
 */
final class BinaryReadingStore implements StoreTx, StoreBinary {
    /** The decoded B-tree directory nodes kept per store ({@link DirectoryNodes}). */
    static final long DIRECTORY_NODE_BYTES = 8L << 20;

    private final StoreWAL store;
    private final DirectoryNodes directories = new DirectoryNodes(DIRECTORY_NODE_BYTES);

    BinaryReadingStore(StoreWAL store) {
        this.store = store;
    }

    /** How many decoded directory nodes are kept (for tests). */
    int directoryNodesKept() {
        return directories.size();
    }

    @Override
    public long getBinaryLong(long recid, StoreBinaryGetLong reader) {
        Long value = store.get(recid, new BinaryReader(reader));
        return value == null ? Long.MIN_VALUE : value;      // a null record, as the plain store answers it
    }

    /** A serializer that only reads, with the caller's reader: the bytes are the store's, checked by it. */
    private record BinaryReader(StoreBinaryGetLong reader) implements Serializer<Long> {
        @Override
        public void serialize(DataOutput2 out, Long value) {
            throw new UnsupportedOperationException("a binary read writes nothing");
        }

        @Override
        public Long deserialize(DataInput2 input, int available) throws IOException {
            return reader.get(input, available);
        }

    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R get(long recid, Serializer<R> serializer) {
        if (!DirectoryNodes.isNodeSerializer(serializer)) {
            return store.get(recid, serializer);
        }
        Object kept = directories.get(recid);
        if (kept != null) {
            return (R) kept;
        }
        long writes = directories.writesSoFar();
        DirectoryNodes.Spotting<R> reading = new DirectoryNodes.Spotting<>(serializer);
        R node = store.get(recid, reading);
        if (node != null && reading.directory) {
            directories.offer(recid, node, reading.encodedBytes, writes);
        }
        return node;
    }

    @Override
    public LongIterator getAllRecids() {
        return store.getAllRecids();
    }

    @Override
    public Iterable<String> getAllFiles() {
        return store.getAllFiles();
    }

    @Override
    public long preallocate() {
        return store.preallocate();
    }

    @Override
    public <R> long put(R record, Serializer<R> serializer) {
        long recid = store.put(record, serializer);
        directories.written(recid);     // a record id freed by a delete may come back
        return recid;
    }

    @Override
    public <R> void update(long recid, R record, Serializer<R> serializer) {
        store.update(recid, record, serializer);
        directories.written(recid);
    }

    @Override
    public <R> boolean compareAndSwap(long recid, R expected, R record, Serializer<R> serializer) {
        boolean swapped = store.compareAndSwap(recid, expected, record, serializer);
        directories.written(recid);
        return swapped;
    }

    @Override
    public <R> void delete(long recid, Serializer<R> serializer) {
        store.delete(recid, serializer);
        directories.written(recid);
    }

    @Override
    public void commit() {
        store.commit();
    }

    @Override
    public void rollback() {
        directories.clear();
        store.rollback();
        directories.clear();
    }

    @Override
    public void compact() {
        directories.clear();
        store.compact();
        directories.clear();
    }

    @Override
    public void close() {
        directories.clear();
        store.close();
    }

    @Override
    public boolean isClosed() {
        return store.isClosed();
    }

    @Override
    public void verify() {
        store.verify();
    }

    @Override
    public boolean isReadOnly() {
        return store.isReadOnly();
    }

    @Override
    public boolean fileLoad() {
        return store.fileLoad();
    }

    @Override
    public boolean isThreadSafe() {
        return store.isThreadSafe();
    }

    @Override
    public void checkThreadSafe() {
        store.checkThreadSafe();
    }
}
