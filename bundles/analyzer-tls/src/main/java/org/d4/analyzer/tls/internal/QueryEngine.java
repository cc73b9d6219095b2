// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NavigableSet;

/**
 * Runs a {@link Query} on the store: a fingerprint or certificate is one lookup; an address,
 * network, name or time walks its index from the position a cursor stands for, and stops after
 * {@code limit} answers, giving the position to continue from.
 */
final class QueryEngine {
    /** Receives the answers, in index order. {@code role} is client or server for address queries, else null. */
    interface Sink {
        void answer(FingerprintKey key, Summary summary, String role) throws IOException;
    }

    /** @param next where the next page starts, or null when this was the last */
    record Result(long served, byte[] next) {
    }

    private static final byte[] MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};
    private final TlsStore store;

    QueryEngine(TlsStore store) {
        this.store = store;
    }

    Result run(Query q, byte[] position, long limit, Sink sink) throws IOException {
        return switch (q.kind()) {
            case JA3 -> one(q, new FingerprintKey(FingerprintKey.Kind.JA3, q.target()), sink);
            case JA3S -> one(q, new FingerprintKey(FingerprintKey.Kind.JA3S, q.target()), sink);
            case JA4 -> one(q, new FingerprintKey(FingerprintKey.Kind.JA4, q.target()), sink);
            case CERTIFICATE -> {
                String sha256 = store.sha256(q.target());
                yield sha256 == null ? new Result(0, null) : one(q, new FingerprintKey(FingerprintKey.Kind.CERTIFICATE, sha256), sink);
            }
            case ADDRESS -> addresses(q, position, limit, sink);
            case NAME -> names(q, position, limit, sink);
            case NEW -> fresh(q, position, limit, sink);
        };
    }

    private Result one(Query q, FingerprintKey key, Sink sink) throws IOException {
        Summary s = store.summary(key);
        if (s == null || !q.accepts(s)) {
            return new Result(0, null);
        }
        sink.answer(key, s, null);
        return new Result(1, null);
    }

    private Result addresses(Query q, byte[] position, long limit, Sink sink) throws IOException {
        NavigableSet<byte[]> index = store.byAddress();
        Iterator<byte[]> it = (position == null ? index.tailSet(q.low(), true) : index.tailSet(position, false)).iterator();
        long served = 0;
        boolean v4 = mapped(q.low());
        while (it.hasNext()) {
            byte[] entry = it.next();
            if (Arrays.compareUnsigned(entry, 0, 16, q.high(), 0, 16) > 0) {
                break;
            }
            // an IPv6 network such as ::/64 spans the IPv4 addresses mapped into ::ffff:0:0/96: they are not its answers
            if (mapped(entry) == v4 && serve(q, TlsStore.keyOf(entry, 17), entry[16] == 0 ? "client" : "server", sink)) {
                if (++served == limit) {
                    return new Result(served, entry);
                }
            }
        }
        return new Result(served, null);
    }

    private static boolean mapped(byte[] address) {
        return Arrays.equals(address, 0, 12, MAPPED, 0, 12);
    }

    private Result names(Query q, byte[] position, long limit, Sink sink) throws IOException {
        NavigableSet<String> index = store.byName();
        String from = position == null ? q.target() : new String(position, StandardCharsets.UTF_8);
        Iterator<String> it = index.tailSet(from, position == null).iterator();
        long served = 0;
        while (it.hasNext()) {
            String entry = it.next();
            if (!entry.startsWith(q.target())) {
                break;
            }
            if (serve(q, entry.substring(entry.lastIndexOf(TlsStore.NAME_END) + 1), null, sink)) {
                if (++served == limit) {
                    return new Result(served, entry.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return new Result(served, null);
    }

    private Result fresh(Query q, byte[] position, long limit, Sink sink) throws IOException {
        NavigableSet<byte[]> index = store.byFirst();
        Iterator<byte[]> it = (position == null ? index.tailSet(TlsStore.firstKey(q.since(), ""), true) : index.tailSet(position, false)).iterator();
        long served = 0;
        while (it.hasNext()) {
            byte[] entry = it.next();
            if (serve(q, TlsStore.keyOf(entry, 8), null, sink)) {
                if (++served == limit) {
                    return new Result(served, entry);
                }
            }
        }
        return new Result(served, null);
    }

    private boolean serve(Query q, String keyText, String role, Sink sink) throws IOException {
        FingerprintKey key = FingerprintKey.parse(keyText);
        if (key == null || !q.accepts(key.kind())) {
            return false;
        }
        Summary s = store.summary(key);
        if (s == null || !q.accepts(s)) {
            return false;
        }
        sink.answer(key, s, role);
        return true;
    }
}
