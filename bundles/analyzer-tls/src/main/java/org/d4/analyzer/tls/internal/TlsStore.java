// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import org.d4.mapdb.AtomicMapDb;
import org.d4.fingerprint.tls.CertificateInfo;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.Serializer;

/**
 * The TLS store, one MapDB file with atomic commits ({@code tls.db} in its folder):
 * <ul>
 * <li>{@code summaries}: {@link FingerprintKey#text()} to its encoded {@link Summary};</li>
 * <li>{@code certificates}: SHA-256 (hex) to the DER, each certificate once; {@code sha1}: SHA-1 to SHA-256;</li>
 * <li>{@code by-address}: 16 address bytes, a role byte (0 client, 1 server) and the key: a network is a range;</li>
 * <li>{@code by-name}: the server name reversed by label, {@link #NAME_END}, the key: {@code *.example.com} is a range;</li>
 * <li>{@code by-first}: first seen (8 bytes, big-endian) and the key, for what is new since a time;</li>
 * <li>{@code labels}: the labels added over the REST API; counters.</li>
 * </ul>
 * One writer at a time ({@link #record}, {@link #commit}, label changes are synchronized); any
 * number of readers. A crash loses what was not committed and never corrupts the file.
 */
final class TlsStore implements AutoCloseable {
    static final String FILE = "tls.db";
    static final char NAME_END = '\u0001';
    private static final long FORMAT = 1;

    private final Path file;
    private final DB db;
    private final Summary.Bounds bounds;
    private final BTreeMap<String, Long> counters;
    private final BTreeMap<String, byte[]> summaries;
    private final BTreeMap<String, byte[]> certificates;
    private final BTreeMap<String, String> sha1;
    private final NavigableSet<byte[]> byAddress;
    private final NavigableSet<String> byName;
    private final NavigableSet<byte[]> byFirst;
    private final BTreeMap<String, String> labels;
    private long uncommitted;

    TlsStore(Path folder, Summary.Bounds bounds) throws IOException {
        Files.createDirectories(folder);
        this.file = folder.resolve(FILE);
        this.bounds = bounds;
        this.db = AtomicMapDb.open(file, AtomicMapDb.Access.RANDOM_ACCESS);
        this.counters = db.treeMap("counters", Serializer.STRING, Serializer.LONG).createOrOpen();
        Long format = counters.putIfAbsent("format", FORMAT);
        if (format != null && format != FORMAT) {
            db.close();
            throw new IOException(file + " has store format " + format + "; this analyzer reads format " + FORMAT);
        }
        this.summaries = db.treeMap("summaries", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.certificates = db.treeMap("certificates", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.sha1 = db.treeMap("sha1", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.byAddress = db.treeSet("by-address", Serializer.BYTE_ARRAY).createOrOpen();
        this.byName = db.treeSet("by-name", Serializer.STRING).createOrOpen();
        this.byFirst = db.treeSet("by-first", Serializer.BYTE_ARRAY).createOrOpen();
        this.labels = db.treeMap("labels", Serializer.STRING, Serializer.STRING).createOrOpen();
        db.commit();
    }

    Path file() {
        return file;
    }

    /** Counts a handshake for each of its fingerprints and certificates; durable with the next {@link #commit}. */
    synchronized void record(Sighting s) {
        for (FingerprintKey key : s.keys()) {
            String k = key.text();
            byte[] old = summaries.get(k);
            Summary summary = old == null ? new Summary() : Summary.decode(old);
            long firstBefore = summary.first;
            summary.add(s, s.detail(key), bounds);
            summaries.put(k, summary.encode());
            if (old == null) {
                add("fingerprints." + key.kind().id(), 1);
            }
            if (summary.first != firstBefore) {
                if (old != null) {
                    byFirst.remove(firstKey(firstBefore, k));
                }
                byFirst.add(firstKey(summary.first, k));
            }
            index(s.clientIp(), 0, k);
            index(s.serverIp(), 1, k);
            if (s.sni() != null) {
                byName.add(DnsNames.reversed(s.sni()) + NAME_END + k);
            }
        }
        for (CertificateInfo c : s.certificates()) {
            if (certificates.putIfAbsent(c.sha256(), c.der()) == null) {
                sha1.put(c.sha1(), c.sha256());
                add("certificates", 1);
            }
        }
        add("handshakes", 1);
        uncommitted++;
    }

    private void index(String ip, int role, String key) {
        java.net.InetAddress a = ip == null ? null : Addresses.parse(ip);
        if (a != null) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            byAddress.add(ByteBuffer.allocate(17 + k.length).put(Addresses.sixteen(a)).put((byte) role).put(k).array());
        }
    }

    static byte[] firstKey(long first, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + k.length).putLong(first ^ Long.MIN_VALUE).put(k).array();   // sign flipped: unsigned order
    }

    static long firstOf(byte[] entry) {
        return ByteBuffer.wrap(entry).getLong() ^ Long.MIN_VALUE;
    }

    static String keyOf(byte[] entry, int offset) {
        return new String(entry, offset, entry.length - offset, StandardCharsets.UTF_8);
    }

    /** Sightings counted since the last commit. */
    synchronized long uncommitted() {
        return uncommitted;
    }

    synchronized void commit() {
        db.commit();
        uncommitted = 0;
    }

    /** Drops what was not committed (after a failed write). */
    synchronized void rollback() {
        db.rollback();
        uncommitted = 0;
    }

    synchronized void add(String counter, long n) {
        if (n != 0) {
            counters.merge(counter, n, Long::sum);
        }
    }

    long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    Map<String, Long> counters() {
        return counters;
    }

    Summary summary(FingerprintKey key) {
        byte[] bytes = summaries.get(key.text());
        return bytes == null ? null : Summary.decode(bytes);
    }

    NavigableMap<String, byte[]> summaries() {
        return summaries;
    }

    /** The DER of a certificate by its SHA-256 or SHA-1 (lower-case hex), or null. */
    byte[] certificate(String digest) {
        String sha256 = sha256(digest);
        return sha256 == null ? null : certificates.get(sha256);
    }

    /** The SHA-256 of a stored certificate by its SHA-256 or SHA-1, or null when there is none. */
    String sha256(String digest) {
        String sha256 = digest.length() == 40 ? sha1.get(digest) : digest;
        return sha256 != null && certificates.containsKey(sha256) ? sha256 : null;
    }

    NavigableMap<String, byte[]> certificates() {
        return certificates;
    }

    NavigableSet<byte[]> byAddress() {
        return byAddress;
    }

    NavigableSet<String> byName() {
        return byName;
    }

    NavigableSet<byte[]> byFirst() {
        return byFirst;
    }

    NavigableMap<String, String> labels() {
        return labels;
    }

    synchronized void putLabel(String fingerprint, String label) {
        labels.put(fingerprint, label);
        db.commit();
    }

    synchronized boolean removeLabel(String fingerprint) {
        boolean removed = labels.remove(fingerprint) != null;
        db.commit();
        return removed;
    }

    @Override
    public synchronized void close() {
        if (!db.isClosed()) {
            db.commit();
            db.close();
        }
    }

    static boolean startsWith(byte[] entry, byte[] prefix) {
        return entry.length >= prefix.length && Arrays.equals(entry, 0, prefix.length, prefix, 0, prefix.length);
    }
}
