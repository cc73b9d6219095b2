// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import java.io.IOException;
import java.util.NavigableSet;
import java.util.function.LongSupplier;

/**
 * Runs a {@link Query} against the store as a walk over one sorted index range (two nested ones
 * for {@code www.example.*} and fqueries), handing each kept record to a {@link Sink} as it is
 * found: nothing is collected, so any result size streams in constant memory. A walk stops after
 * {@code limit} records and reports its position when a further record exists, so the next page
 * continues exactly there: no duplicates and no gaps, whatever is written meanwhile.
 */
final class QueryEngine {
    /** Receives the records of a query, in index order. */
    interface Sink {
        /** Takes a record; false when it cannot take this one (a page full of bytes): the walk ends before it. */
        boolean accept(byte[] recordKey, RecordValue value) throws IOException;
    }

    /**
     * @param served how many records went to the sink
     * @param next   the position to continue from, or null when nothing is left
     */
    record Result(long served, byte[] next) {
    }

    private final PdnsStore store;
    private final Expirations expirations;
    private final LongSupplier clock;

    QueryEngine(PdnsStore store, Expirations expirations, LongSupplier clock) {
        this.store = store;
        this.expirations = expirations;
        this.clock = clock;
    }

    /** Serves up to {@code limit} records after {@code position} (null: from the start). */
    Result run(Query q, byte[] position, long limit, Sink sink) throws IOException {
        Walk walk = new Walk(q.filters(), limit, sink, clock.getAsLong());
        if (q.full()) {
            byte[] prefix = q.address() != null ? RecordKeys.addressPrefix(q.address()) : RecordKeys.textPrefix(q.name());
            fullWalk(prefix, position, walk);
            return walk.result();
        }
        switch (q.kind()) {
            case NAME -> records(q.filters().types().size() == 1
                    ? RecordKeys.nameTypePrefix(q.name(), q.filters().types().iterator().next())
                    : RecordKeys.namePrefix(q.name()), position, walk);
            case SUBDOMAINS -> records(RecordKeys.subdomainPrefix(q.name()), position, walk);
            case PREFIX -> prefixWalk(q.name() + ".", position, walk);
            case ADDRESS -> reverse(RecordKeys.addressPrefix(q.address()), RecordKeys.after(RecordKeys.addressPrefix(q.address())), position, walk);
            case NETWORK -> {
                byte[] first = RecordKeys.addressPrefix(q.address());
                byte[] last = first.clone();
                for (int bit = q.prefixLength(); bit < q.address().length * 8; bit++) {
                    last[1 + bit / 8] |= (byte) (0x80 >> (bit % 8));
                }
                reverse(first, RecordKeys.after(last), position, walk);
            }
            default -> throw new IllegalStateException(q.kind().name());
        }
        return walk.result();
    }

    /** The records whose keys start with {@code prefix}, after {@code position}. */
    private boolean records(byte[] prefix, byte[] position, Walk walk) throws IOException {
        for (byte[] key : range(store.byName(), prefix, RecordKeys.after(prefix), position)) {
            if (!walk.offer(key, key)) {
                return false;
            }
        }
        return true;
    }

    /** {@code www.example.*}: the names starting with these labels, each with its records. */
    private void prefixWalk(String labels, byte[] position, Walk walk) throws IOException {
        byte[] prefix = RecordKeys.utf8(labels);
        byte[] from = position == null ? prefix : RecordKeys.utf8(RecordKeys.rrname(position));
        boolean first = position != null;
        for (byte[] name : range(store.names(), from, RecordKeys.after(prefix), null)) {
            if (!records(RecordKeys.namePrefix(new String(name, java.nio.charset.StandardCharsets.UTF_8)), first ? position : null, walk)) {
                return;
            }
            first = false;
        }
    }

    /** The rdata index from {@code from} (inclusive) to {@code to} (exclusive; null: to the end): one record each. */
    private void reverse(byte[] from, byte[] to, byte[] position, Walk walk) throws IOException {
        for (byte[] entry : range(store.byRdata(), from, to, position)) {
            if (!walk.filters.acceptsType((entry[entry.length - 2] & 0xff) << 8 | (entry[entry.length - 1] & 0xff))) {
                continue;
            }
            if (!walk.offer(entry, RecordKeys.recordOf(entry))) {
                return;
            }
        }
    }

    /** fquery: the names whose data starts the rdata index entries under {@code prefix}, each with all its records. */
    private void fullWalk(byte[] prefix, byte[] position, Walk walk) throws IOException {
        String resumeName = position == null ? null : RecordKeys.rrname(position);
        byte[] from = resumeName == null ? prefix : concat(prefix, RecordKeys.utf8(resumeName));
        String previous = null;
        for (byte[] entry : range(store.byRdata(), from, RecordKeys.after(prefix), null)) {
            String name = RecordKeys.nameOf(entry, prefix.length);
            if (name.equals(previous)) {
                continue;      // the same name with another type pointing here
            }
            previous = name;
            if (!records(RecordKeys.namePrefix(name), name.equals(resumeName) ? position : null, walk)) {
                return;
            }
        }
    }

    private static NavigableSet<byte[]> range(NavigableSet<byte[]> index, byte[] from, byte[] to, byte[] position) {
        byte[] start = position != null && java.util.Arrays.compareUnsigned(position, from) >= 0 ? position : from;
        boolean inclusive = start != position;
        if (to != null && java.util.Arrays.compareUnsigned(start, to) >= 0) {
            return java.util.Collections.emptyNavigableSet();   // a position past the range: nothing left
        }
        return to == null ? index.tailSet(start, inclusive) : index.subSet(start, inclusive, to, false);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** One query's progress: filters, expiry, the limit and the last position served. */
    private final class Walk {
        final Filters filters;
        final long limit;
        final Sink sink;
        final long now;
        long served;
        byte[] last;
        boolean more;

        Walk(Filters filters, long limit, Sink sink, long now) {
            this.filters = filters;
            this.limit = limit;
            this.sink = sink;
            this.now = now;
        }

        /** Serves the record if it is kept; false once the page is full and another kept record exists. */
        boolean offer(byte[] position, byte[] recordKey) throws IOException {
            int type = RecordKeys.type(recordKey);
            if (!filters.acceptsType(type)) {
                return true;
            }
            RecordValue value = store.get(recordKey);
            if (value == null || !filters.acceptsTimes(value) || expirations.expired(type, value.timeLast(), now)) {
                return true;
            }
            if (served >= limit || !sink.accept(recordKey, value)) {
                more = true;
                return false;
            }
            served++;
            last = position;
            return true;
        }

        Result result() {
            return new Result(served, more ? last : null);
        }
    }
}
