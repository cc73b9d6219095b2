// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.mapdb.volume.Volume;

/**
 * Writes a commit's entries into the store file with positional writes on the file rather than
 * stores into MapDB's memory mapping: the first store into a page that the kernel has written back
 * costs a page fault, and a commit touches a hundred thousand such pages. Bytes that do not change
 * are not written at all (MapDB rewrites a record's place in its index even when the record stayed
 * where it was), so such pages stay clean.
 *
 * <p>Entries arrive mostly in offset order. Changed bytes close to one another go out in one call
 * (a run, at most {@link #RUN_PAGES} pages long), together with the unchanged bytes between them,
 * as long as no page in between is left untouched: a run never dirties a page that no entry
 * changed. Only the bytes an entry covers and those of such gaps are read from the file, not
 * whole pages: a commit touches few bytes of each of its pages.
 *
 * <p>Readers of the memory mapping see the new bytes: on Linux both go through the same page cache.
 */
final class PageWriter implements RedoLog.Target {
    private static final int PAGE = 4096;
    static final int RUN_PAGES = 16;
    private static final int CAPACITY = RUN_PAGES * PAGE;

    private final Volume file;
    private final FileChannel channel;
    private final byte[] run = new byte[CAPACITY];    // the file's bytes from runStart as they will be; beyond runLength scratch
    private long runStart;
    private int runLength;                            // 0: no run
    private long fileLength = -1;                     // read once per commit: MapDB made the file long enough before it
    private long bytesWritten;

    PageWriter(Volume file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    @Override
    public void write(long offset, ByteBuffer bytes) throws IOException {
        ByteBuffer rest = bytes.slice();
        long at = offset;
        while (rest.hasRemaining()) {
            int taken = runLength > 0 && at >= runStart && at < runStart + runLength ? patch(at, rest) : place(at, rest);
            rest.position(rest.position() + taken);
            at += taken;
        }
    }

    @Override
    public void zeros(long offset, int length) throws IOException {
        write(offset, ByteBuffer.allocate(length));
    }

    @Override
    public void done() throws IOException {
        flush();
        fileLength = -1;
    }

    /** Bytes handed to the file so far (for tests: unchanged bytes cost nothing). */
    long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Bytes from {@code at}, inside the run: copied over the run's.
     *
     * @return how many of {@code bytes} were dealt with
     */
    private int patch(long at, ByteBuffer bytes) {
        int from = (int) (at - runStart);
        int inside = Math.min(bytes.remaining(), runLength - from);
        bytes.get(bytes.position(), run, from, inside);
        return inside;
    }

    /**
     * Bytes from {@code at}, outside the run: their changed part joins the run when no untouched
     * page lies between, or starts a run of its own.
     *
     * @return how many of {@code bytes} were dealt with
     */
    private int place(long at, ByteBuffer bytes) throws IOException {
        int onPage = (int) Math.min(bytes.remaining(), PAGE - (at & (PAGE - 1)));     // page by page: an unchanged one is left out
        if (runLength > 0) {
            long runEnd = runStart + runLength;
            long room = runStart + CAPACITY - at;
            if (at >= runEnd && room > 0 && at / PAGE <= (runEnd - 1) / PAGE + 1) {
                int n = (int) Math.min(onPage, room);
                // the gap and the bytes are read into the run's free room, and compared there
                int gap = (int) (at - runEnd);
                read(runEnd, gap, runLength);
                ByteBuffer piece = bytes.slice(bytes.position(), n);
                int into = runLength + gap;
                int first = changes(at, piece, into);
                if (first < 0) {
                    return n;
                }
                // the piece lies on the page of at, no further than the page after the run's last
                int last = lastChange(piece, into);
                piece.get(0, run, into, last + 1);
                runLength = into + last + 1;
                return n;
            }
            flush();    // before anything is compared with the file: the file must hold the run's bytes
        }
        ByteBuffer piece = bytes.slice(bytes.position(), onPage);
        int first = changes(at, piece, 0);
        if (first >= 0) {
            start(at, piece, first, lastChange(piece, 0));
        }
        return piece.limit();
    }

    /** A new run: the changed bytes of {@code piece}, which lies at {@code at}. */
    private void start(long at, ByteBuffer piece, int first, int last) {
        runStart = at + first;
        runLength = last + 1 - first;
        piece.get(first, run, 0, runLength);
    }

    /**
     * Reads the file's bytes under {@code bytes} into the run's room at {@code into} and compares.
     *
     * @return the index of the first byte that differs from the file, -1 when none does
     */
    private int changes(long at, ByteBuffer bytes, int into) throws IOException {
        int n = bytes.remaining();
        read(at, n, into);
        return ByteBuffer.wrap(run, into, n).mismatch(bytes);
    }

    /** The index of the last byte of {@code bytes} that differs from the run's room at {@code into}, where {@link #changes} read the file. */
    private int lastChange(ByteBuffer bytes, int into) {
        int i = bytes.remaining() - 1;
        while (run[into + i] == bytes.get(i)) {
            i--;
        }
        return i;
    }

    /** Copies {@code n} bytes of the file from {@code at} into the run at {@code into}; zeros beyond the file's end. */
    private void read(long at, int n, int into) {
        if (fileLength < 0) {
            fileLength = file.length();
        }
        int present = (int) Math.max(0, Math.min(n, fileLength - at));
        for (int done = 0; done < present; ) {
            // a page at a time: a mapped volume reads from one of its slices at a time
            int part = (int) Math.min(present - done, PAGE - ((at + done) & (PAGE - 1)));
            file.getData(at + done, run, into + done, part);
            done += part;
        }
        Arrays.fill(run, into + present, into + n, (byte) 0);
    }

    private void flush() throws IOException {
        ByteBuffer out = ByteBuffer.wrap(run, 0, runLength);
        long at = runStart;
        while (out.hasRemaining()) {
            at += channel.write(out, at);
        }
        bytesWritten += runLength;
        if (runStart + runLength > fileLength) {
            fileLength = -1;        // the file grew: bytes compared later are read from it, not taken for zeros
        }
        runLength = 0;
    }
}
