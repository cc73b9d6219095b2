// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mapdb.BTreeMapJava;
import org.mapdb.DataIO;
import org.mapdb.DataInput2;
import org.mapdb.DataOutput2;
import org.mapdb.Serializer;

/**
 * Decoded B-tree directory nodes of one store, by record id. An insert into a MapDB B-tree decodes
 * every node on its way down, and the directory nodes near the root are the same for every insert:
 * kept decoded, an insert into a tree of ten million keys decodes its leaf and the directory above
 * it instead of four or five nodes. Leaves are not kept (there are far too many).
 *
 * <p>MapDB never changes a decoded node: a B-tree writes a new node object for every change. The
 * store stays the truth: every write to the store drops the record here, and a node read while a
 * write was going on is not kept (a count of writes taken before the read must be unchanged after
 * it, checked again once the node is in), so a reader never keeps a node older than the store's.
 * The nodes kept weigh at most {@code maxBytes}, counted as four times their encoded size (keys
 * stored as deltas of their neighbours come back whole, each an object of its own); once full,
 * nodes are kept again only as others are dropped. The nodes near the root, read by every insert,
 * are the first kept.
 */
final class DirectoryNodes {
    /** Flag of a directory node in the header MapDB writes first ({@code size << 4 | flags}, shifted once for the parity bit). */
    private static final int DIRECTORY = 8;

    private record Kept(Object node, int weight) {
    }

    private final ConcurrentHashMap<Long, Kept> nodes = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong weight = new AtomicLong();
    private final long maxBytes;

    DirectoryNodes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static boolean isNodeSerializer(Serializer<?> serializer) {
        return serializer instanceof BTreeMapJava.NodeSerializer;
    }

    /** The node kept for this record, or null. */
    Object get(long recid) {
        Kept kept = nodes.get(recid);
        return kept == null ? null : kept.node();
    }

    /** Taken before a read whose node may be kept. */
    long writesSoFar() {
        return writes.get();
    }

    /** A node read from the store: kept when no write happened since {@code writesBefore} and there is room. */
    void offer(long recid, Object node, int encodedBytes, long writesBefore) {
        int w = 4 * encodedBytes + 64;
        if (writes.get() != writesBefore || weight.get() + w > maxBytes) {
            return;
        }
        Kept kept = new Kept(node, w);
        if (nodes.putIfAbsent(recid, kept) == null) {
            weight.addAndGet(w);
            if (writes.get() != writesBefore) {
                drop(recid, kept);     // a write came between the check and the put: it may have missed this node
            }
        }
    }

    /** A record of the store was written or deleted. */
    void written(long recid) {
        writes.incrementAndGet();
        Kept kept = nodes.get(recid);
        if (kept != null) {
            drop(recid, kept);
        }
    }

    /** The store went back to its last commit (or was compacted): nothing kept holds any more. */
    void clear() {
        writes.incrementAndGet();
        nodes.forEach((recid, kept) -> drop(recid, kept));
    }

    int size() {
        return nodes.size();
    }

    private void drop(long recid, Kept kept) {
        if (nodes.remove(recid, kept)) {
            weight.addAndGet(-kept.weight());
        }
    }

    /**
     * Reads a node through the store's serializer and notes whether it is a directory and how many
     * bytes it took; one per read (not shared between threads).
     */
    static final class Spotting<R> implements Serializer<R> {
        private final Serializer<R> nodes;
        boolean directory;
        int encodedBytes;

        Spotting(Serializer<R> nodes) {
            this.nodes = nodes;
        }

        @Override
        public R deserialize(DataInput2 input, int available) throws IOException {
            int start = input.getPos();
            directory = ((DataIO.parity1Get(input.unpackInt()) >>> 1) & DIRECTORY) != 0;
            input.setPos(start);
            encodedBytes = available;
            return nodes.deserialize(input, available);
        }

        @Override
        public void serialize(DataOutput2 out, R value) {
            throw new UnsupportedOperationException("a node read writes nothing");
        }

        @Override
        public boolean isTrusted() {
            return nodes.isTrusted();
        }

        @Override
        public int fixedSize() {
            return nodes.fixedSize();
        }

        @Override
        public boolean needsAvailableSizeHint() {
            return nodes.needsAvailableSizeHint();
        }
    }
}
