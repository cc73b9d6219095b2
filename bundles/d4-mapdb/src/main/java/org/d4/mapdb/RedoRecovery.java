// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import static org.d4.mapdb.RedoLog.BUFFER;
import static org.d4.mapdb.RedoLog.DATA;
import static org.d4.mapdb.RedoLog.ENTRY_HEADER;
import static org.d4.mapdb.RedoLog.MAGIC;
import static org.d4.mapdb.RedoLog.SEAL;
import static org.d4.mapdb.RedoLog.SEAL_SIZE;
import static org.d4.mapdb.RedoLog.ZEROS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reading the redo logs of {@link RedoLog} back at the next open: the sealed commits are written to
 * the store file again, a torn one and what follows it are dropped.
 */
final class RedoRecovery {
    private RedoRecovery() {
    }

    /**
     * Writes every sealed commit of the logs next to {@code store} to it, forces it and deletes the
     * logs. A commit that is not sealed (the crash came while it was being logged) and anything
     * after it is dropped: none of it had reached the file. Logs without their file are removed.
     * Returns the commits written again.
     */
    static int recover(Path store) throws IOException {
        List<Path> logs = RedoLog.logs(store);
        if (logs.isEmpty()) {
            return 0;
        }
        if (!Files.exists(store) || Files.size(store) == 0) {
            // the logs only hold the last commits on top of a file that is gone (an operator removed
            // it to start afresh): writing them into a new file would make a broken store
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
            return 0;
        }
        int replayed = 0;
        try (FileChannel file = FileChannel.open(store, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            RedoLog.Target direct = new RedoLog.Target() {
                @Override
                public void write(long offset, ByteBuffer bytes) throws IOException {
                    long at = offset;
                    while (bytes.hasRemaining()) {
                        at += file.write(bytes, at);
                    }
                }

                @Override
                public void zeros(long offset, int length) throws IOException {
                    write(offset, ByteBuffer.allocate(length));
                }
            };
            replaying:
            for (Path log : logs) {
                try (FileChannel in = FileChannel.open(log, StandardOpenOption.READ)) {
                    if (!hasMagic(in)) {
                        break;
                    }
                    long at = RedoLog.MAGIC.length;
                    while (at < in.size()) {
                        // check the whole commit against its seal first: a torn one is not written at all
                        long end = replay(in, at, null);
                        if (end < 0) {
                            break replaying;
                        }
                        replay(in, at, direct);
                        replayed++;
                        at = end;
                    }
                }
            }
            file.force(true);
        }
        for (Path log : logs) {
            Files.deleteIfExists(log);
        }
        return replayed;
    }

    private static boolean hasMagic(FileChannel in) throws IOException {
        if (in.size() < MAGIC.length) {
            return false;
        }
        ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
        new Reader(in, 0, MAGIC.length).read(magic);
        return java.util.Arrays.equals(magic.array(), MAGIC);
    }

    /**
     * Reads the commit starting at {@code at}, handing its entries to {@code target} when there is
     * one, and checks it against its seal. Returns where the commit ends, or -1 when it is torn or
     * does not match its seal.
     */
    static long replay(FileChannel in, long at, RedoLog.Target target) throws IOException {
        Reader r = new Reader(in, at, in.size());
        CRC32C sum = new CRC32C();
        byte[] head = new byte[ENTRY_HEADER];
        int count = 0;
        long bytes = 0;
        while (true) {
            if (r.left() < 1) {
                return -1;
            }
            byte type = r.peek();
            if (type == SEAL) {
                if (r.left() < SEAL_SIZE) {
                    return -1;
                }
                ByteBuffer seal = r.window(SEAL_SIZE);
                seal.get();
                boolean ok = seal.getInt() == count && seal.getLong() == bytes && seal.getInt() == (int) sum.getValue();
                return ok ? r.position() : -1;
            }
            if ((type != DATA && type != ZEROS) || r.left() < ENTRY_HEADER) {
                return -1;
            }
            r.window(ENTRY_HEADER).get(head);
            ByteBuffer h = ByteBuffer.wrap(head, 1, ENTRY_HEADER - 1);
            long offset = h.getLong();
            int length = h.getInt();
            if (offset < 0 || length < 0 || (type == DATA && r.left() < length)) {
                return -1;
            }
            sum.update(head, 0, ENTRY_HEADER);
            if (type == DATA) {
                ByteBuffer data = length <= BUFFER ? r.window(length) : r.read(ByteBuffer.allocate(length)).flip();
                sum.update(data.duplicate());
                if (target != null) {
                    target.write(offset, data);
                }
            } else if (target != null) {
                target.zeros(offset, length);
            }
            count++;
            bytes += ENTRY_HEADER + (type == DATA ? (long) length : 0);
        }
    }

    /** Reads a stretch of a log through a window of {@link RedoLog#BUFFER} bytes. */
    private static final class Reader {
        private final FileChannel in;
        private final long end;
        private final ByteBuffer buffer = ByteBuffer.allocate(2 * BUFFER);
        private long filePosition;     // where the buffer's content ends in the file

        Reader(FileChannel in, long from, long end) {
            this.in = in;
            this.end = end;
            this.filePosition = from;
            buffer.limit(0);
        }

        /** Bytes not consumed yet. */
        long left() {
            return end - filePosition + buffer.remaining();
        }

        long position() {
            return filePosition - buffer.remaining();
        }

        /** The next byte, not consumed. */
        byte peek() throws IOException {
            fill(1);
            return buffer.get(buffer.position());
        }

        /** The next {@code n} bytes (at most {@link RedoLog#BUFFER}), consumed: a view valid until the next call. */
        ByteBuffer window(int n) throws IOException {
            fill(n);
            ByteBuffer view = buffer.slice(buffer.position(), n);
            buffer.position(buffer.position() + n);
            return view;
        }

        private void fill(int n) throws IOException {
            if (buffer.remaining() < n) {
                buffer.compact();
                while (buffer.position() < n) {
                    int got = in.read(buffer.limit((int) Math.min(buffer.capacity(), buffer.position() + (end - filePosition))), filePosition);
                    if (got <= 0) {
                        throw new IOException("unexpected end of the redo log");
                    }
                    filePosition += got;
                }
                buffer.flip();
            }
        }

        /** Fills {@code into} from the log, consuming what it takes. */
        ByteBuffer read(ByteBuffer into) throws IOException {
            while (into.hasRemaining()) {
                int n = Math.min(into.remaining(), BUFFER);
                into.put(window(n));
            }
            return into;
        }
    }
}
