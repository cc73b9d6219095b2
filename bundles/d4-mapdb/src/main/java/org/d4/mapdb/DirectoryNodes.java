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
 * write was going on is not kept (a count of writes taken before the read must be unchanged when
 * the node goes in), so no node older than the store's stays. A writer holds MapDB's lock on a
 * node until its write and the drop are done, so the next writer of that node reads it anew.
 * The nodes kept weigh at most {@code maxBytes}, counted as four times their encoded size (keys
 * stored as deltas of their neighbours come back whole, each an object of its own); once full,
 * nodes are kept again only as others are dropped. The nodes near the root, read by every insert,
 * are the first kept.
 */
final class DirectoryNodes {
    /** Flag of a directory node in the header MapDB writes first ({@code size << 4 | flags}, shifted once for the parity bit). */
    private static final int DIRECTORY = 8;

    /** A node, its weight, and the count of writes before it was read. */
    private record Kept(Object node, int weight, long since) {
    }

    private final ConcurrentHashMap<Long, Kept> nodes = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong weight = new AtomicLong();
    private final long maxBytes;
    private volatile long clearedAt;        // nodes read before the last clear do not hold, even if one slipped in after it

    DirectoryNodes(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static boolean isNodeSerializer(Serializer<?> serializer) {
        return serializer instanceof BTreeMapJava.NodeSerializer;
    }

    /** The node kept for this record, or null. */
    Object get(long recid) {
        Kept kept = nodes.get(recid);
        if (kept == null) {
            return null;
        }
        if (kept.since() < clearedAt) {
            if (nodes.remove(recid, kept)) {     // read before a clear and put in while it ran
                weight.addAndGet(-kept.weight());
            }
            return null;
        }
        return kept.node();
    }

    /** Taken before a read whose node may be kept. */
    long writesSoFar() {
        return writes.get();
    }

    /**
     * A node read from the store: kept when no write happened since {@code writesBefore} and there
     * is room. The count is checked inside the map's update of that record, which a write's
     * removal of the record waits for: a write either comes first and is seen, or removes the node after.
     */
    void offer(long recid, Object node, int encodedBytes, long writesBefore) {
        int w = 4 * encodedBytes + 64;
        if (weight.get() + w > maxBytes) {
            return;
        }
        nodes.compute(recid, (id, old) -> {
            if (old != null || writes.get() != writesBefore) {
                return old;
            }
            weight.addAndGet(w);
            return new Kept(node, w, writesBefore);
        });
    }

    /** A record of the store was written, deleted or created: counted first, then its node dropped. */
    void written(long recid) {
        writes.incrementAndGet();
        Kept kept = nodes.remove(recid);
        if (kept != null) {
            weight.addAndGet(-kept.weight());
        }
    }

    /**
     * The store goes back to its last commit, or closes: nothing kept holds any more. Called before
     * and after the store's change, so that nodes kept before it are not served while it runs.
     * One at a time: the last clear's count only grows.
     */
    synchronized void clear() {
        clearedAt = writes.incrementAndGet();
        for (Long recid : nodes.keySet()) {
            Kept kept = nodes.remove(recid);
            if (kept != null) {
                weight.addAndGet(-kept.weight());
            }
        }
    }

    int size() {
        return nodes.size();
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
