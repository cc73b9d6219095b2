// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The redo log of one store file. Every write a commit makes to the file is appended here first;
 * the commit is then sealed (entry count, length, CRC-32C) and forced to disk, and only then
 * written to the file. A crash at any moment therefore leaves each commit either sealed in the log
 * (written again at the next open) or not sealed, in which case none of it reached the file.
 *
 * <p>The store file itself is forced only at checkpoints; until one has covered them, the logs of
 * the commits before it are kept. Logs are {@code <file>.redo.<n>}; each holds whole commits:
 *
 * <pre>
 * header  "D4REDO01" (8)
 * data    1 | offset (8) | length (4) | bytes
 * zeros   2 | offset (8) | length (4)
 * seal    3 | entries (4) | bytes of the entries (8) | CRC-32C of the entries (4)
 * </pre>
 *
 * <p>Only the store's writer uses an instance (MapDB commits under its own exclusive lock).
 */
final class RedoLog implements Closeable {
    static final byte DATA = 1;
    static final byte ZEROS = 2;
    static final byte SEAL = 3;
    static final int ENTRY_HEADER = 13;
    static final int SEAL_SIZE = 17;
    static final byte[] MAGIC = "D4REDO01".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int BUFFER = 1 << 20;
    /** Commits with more entries than this are written in log order rather than sorted. */
    private static final int MAX_SORTED = 1 << 24;

    /** Where the entries of a commit go: the store file, at runtime through MapDB's volume, at recovery directly. */
    interface Target {
        void write(long offset, ByteBuffer bytes) throws IOException;

        void zeros(long offset, int length) throws IOException;

        /** The commit is all handed over. */
        default void done() throws IOException {
        }
    }

    private final Path store;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    private final CRC32C crc = new CRC32C();
    private long number;
    private FileChannel channel;
    private int crcFrom;           // the buffer's bytes before this are in the CRC (or are not an entry's)
    private long written;          // bytes of the current log on disk or in the buffer
    private long commitStart;      // where the commit being written starts in the current log
    private int entries;
    private long entryBytes;
    // the commit's entries by store offset (offset << 24 | entry number) and where each starts in the log
    private long[] byOffset = new long[1024];
    private long[] entryAt = new long[1024];
    private boolean sortable = true;

    /** Starts a new log after {@link RedoRecovery#recover} has emptied the folder of old ones. */
    RedoLog(Path store) throws IOException {
        this.store = store;
        this.number = highestNumber(store);
        open(number + 1);
    }

    /** Whether entries were written since the last seal (a commit is in progress). */
    boolean pending() {
        return entries > 0;
    }

    /** Bytes in the current log. */
    long size() {
        return written;
    }

    Path current() {
        return file(store, number);
    }

    void data(long offset, byte[] bytes, int from, int length) {
        header(DATA, offset, length);
        int done = 0;
        while (done < length) {
            if (!buffer.hasRemaining()) {
                flushBuffer();
            }
            int n = Math.min(length - done, buffer.remaining());
            buffer.put(bytes, from + done, n);
            done += n;
        }
        count(length);
    }

    void data(long offset, ByteBuffer bytes) {
        ByteBuffer src = bytes.duplicate();
        int length = src.remaining();
        header(DATA, offset, length);
        while (src.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                flushBuffer();
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + Math.min(part.remaining(), buffer.remaining()));
            buffer.put(part);
            src.position(part.position());
        }
        count(length);
    }

    /** A long (big-endian, as MapDB's volumes write it): the commonest entry, written without an array. */
    void data(long offset, long value) {
        header(DATA, offset, 8);
        if (buffer.remaining() < 8) {
            flushBuffer();
        }
        buffer.putLong(value);
        count(8);
    }

    void zeros(long offset, int length) {
        header(ZEROS, offset, length);
        count(0);
    }

    private void header(byte type, long offset, int length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad write at " + offset + " of " + length + " bytes");
        }
        if (buffer.remaining() < ENTRY_HEADER) {
            flushBuffer();
        }
        remember(offset);
        buffer.put(type).putLong(offset).putInt(length);
    }

    private void remember(long offset) {
        if (!sortable) {
            return;
        }
        if (entries >= MAX_SORTED || offset >= 1L << 39) {
            sortable = false;
            return;
        }
        if (entries == byOffset.length) {
            byOffset = java.util.Arrays.copyOf(byOffset, entries * 2);
            entryAt = java.util.Arrays.copyOf(entryAt, entries * 2);
        }
        byOffset[entries] = offset << 24 | entries;
        entryAt[entries] = written;
    }

    private void count(int length) {
        entries++;
        entryBytes += ENTRY_HEADER + (long) length;
        written += ENTRY_HEADER + (long) length;
    }

    /**
     * Seals the commit written since the last seal, forces it to disk and writes it to the target.
     * Nothing reaches the target before the seal is on disk.
     */
    void commit(Target target) throws IOException {
        if (entries == 0) {
            return;
        }
        if (buffer.remaining() < SEAL_SIZE) {
            flushBuffer();
        }
        checksumBuffer();
        buffer.put(SEAL).putInt(entries).putLong(entryBytes).putInt((int) crc.getValue());
        crcFrom = buffer.position();
        written += SEAL_SIZE;
        flushBuffer();
        channel.force(false);
        try {
            if (sortable) {
                applySorted(target);
            } else if (RedoRecovery.replay(channel, commitStart, target) < 0) {
                throw new IOException(current() + ": the commit just written does not read back");
            }
            target.done();
        } finally {
            resetCommit();
        }
    }

    /**
     * Writes the commit to the target in the order of its offsets: a commit touches pages all over
     * the file, and visiting them in order is cheaper (page faults, TLB) than in the order MapDB
     * wrote them. Entries that overlap (MapDB writes a freed chunk and the record now in its place
     * in one commit) keep their log order, so the last one written still wins.
     */
    private void applySorted(Target target) throws IOException {
        long length = written - SEAL_SIZE - commitStart;
        java.nio.MappedByteBuffer log = channel.map(FileChannel.MapMode.READ_ONLY, commitStart, length);
        long[] order = java.util.Arrays.copyOf(byOffset, entries);
        java.util.Arrays.sort(order);
        int groupStart = 0;
        long groupEnd = -1;

        for (int i = 0; i <= order.length; i++) {
            long offset = i < order.length ? order[i] >>> 24 : Long.MAX_VALUE;
            if (offset >= groupEnd) {
                if (i - groupStart > 1) {
                    // entries [groupStart, i) overlap one another: back to the order they were logged in
                    long[] group = new long[i - groupStart];
                    for (int k = 0; k < group.length; k++) {
                        group[k] = order[groupStart + k] & 0xff_ffff;
                    }
                    java.util.Arrays.sort(group);
                    for (long n : group) {
                        apply(log, (int) (entryAt[(int) n] - commitStart), target);
                    }
                } else if (i - groupStart == 1) {
                    apply(log, (int) (entryAt[(int) (order[groupStart] & 0xff_ffff)] - commitStart), target);
                }
                groupStart = i;
                groupEnd = -1;
            }
            if (i < order.length) {
                int at = (int) (entryAt[(int) (order[i] & 0xff_ffff)] - commitStart);
                groupEnd = Math.max(groupEnd, offset + log.getInt(at + 9));
            }
        }
    }

    private static void apply(ByteBuffer log, int at, Target target) throws IOException {
        byte type = log.get(at);
        long offset = log.getLong(at + 1);
        int size = log.getInt(at + 9);
        if (type == DATA) {
            target.write(offset, log.limit(at + ENTRY_HEADER + size).position(at + ENTRY_HEADER));
            log.clear();
        } else {
            target.zeros(offset, size);
        }
    }

    /** Forgets the entries written since the last seal (a commit that failed or was rolled back). */
    void discard() throws IOException {
        buffer.clear();
        crcFrom = 0;
        channel.truncate(commitStart);
        channel.position(commitStart);
        written = commitStart;
        resetCommit();
    }

    private void resetCommit() {
        commitStart = written;
        sortable = true;
        if (byOffset.length > 1 << 20 && entries < 1 << 18) {
            byOffset = new long[1024];      // a huge commit is over: give its memory back
            entryAt = new long[1024];
        }
        entries = 0;
        entryBytes = 0;
        crc.reset();
    }

    /**
     * Starts the next log and returns the ones before it: they may be deleted once the store file
     * has been forced, since every commit in them has reached the file. Only between commits.
     */
    List<Path> rotate() throws IOException {
        if (pending()) {
            throw new IllegalStateException("cannot rotate the redo log in the middle of a commit");
        }
        channel.close();
        List<Path> done = logs(store);
        open(number + 1);
        done.remove(current());
        return done;
    }

    private void open(long n) throws IOException {
        number = n;
        channel = FileChannel.open(file(store, n), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        buffer.clear();
        buffer.put(MAGIC);
        crcFrom = buffer.position();
        flushBuffer();     // from here on, the buffer holds only the commit in progress (see discard)
        written = MAGIC.length;
        resetCommit();
    }

    /**
     * Adds the entries' bytes in the buffer to the CRC: once per buffer rather than per entry, since a
     * commit is mostly entries of a few bytes and the checksum's cost is then in its calls.
     */
    private void checksumBuffer() {
        crc.update(buffer.duplicate().position(crcFrom).limit(buffer.position()));
        crcFrom = buffer.position();
    }

    private void flushBuffer() {
        checksumBuffer();
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(current() + ": cannot write the redo log", e);
        } finally {
            buffer.clear();
            crcFrom = 0;
        }
    }

    @Override
    public void close() throws IOException {
        buffer.clear();
        channel.close();
    }

    static Path file(Path store, long n) {
        return store.resolveSibling(store.getFileName() + ".redo." + n);
    }

    /** The logs of a store, oldest first. */
    static List<Path> logs(Path store) throws IOException {
        Pattern name = Pattern.compile(Pattern.quote(store.getFileName() + ".redo.") + "(\\d{1,18})");
        List<long[]> found = new ArrayList<>();
        Path folder = store.toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(p -> {
                Matcher m = name.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(new long[] {Long.parseLong(m.group(1))});
                }
            });
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        }
        found.sort((a, b) -> Long.compare(a[0], b[0]));
        List<Path> out = new ArrayList<>();
        for (long[] n : found) {
            out.add(file(store.toAbsolutePath(), n[0]));
        }
        return out;
    }

    private static long highestNumber(Path store) throws IOException {
        List<Path> logs = logs(store);
        if (logs.isEmpty()) {
            return 0;
        }
        String name = logs.get(logs.size() - 1).getFileName().toString();
        return Long.parseLong(name.substring(name.lastIndexOf('.') + 1));
    }
}
