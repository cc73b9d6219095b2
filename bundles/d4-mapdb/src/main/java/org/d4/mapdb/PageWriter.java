// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.mapdb.volume.Volume;

/**
 * Writes a commit's entries into the store file page by page, with positional writes on the file
 * rather than stores into MapDB's memory mapping: the first store into a page that the kernel has
 * written back costs a page fault, and a commit touches a hundred thousand such pages. Entries
 * arrive mostly in offset order; those on one page are patched into a copy of it, and bytes that do
 * not change are not written at all (MapDB rewrites a record's place in its index even when the
 * record stayed where it was), so such pages stay clean. Changed pages that follow one another go
 * out in one call, up to {@link #RUN_PAGES} of them: each page is read into the next place of that
 * run and patched there.
 *
 * <p>Readers of the memory mapping see the new bytes: on Linux both go through the same page cache.
 */
final class PageWriter implements RedoLog.Target {
    private static final int PAGE = 4096;
    static final int RUN_PAGES = 16;

    private final Volume file;
    private final FileChannel channel;
    private final byte[] run = new byte[RUN_PAGES * PAGE];
    private long runStart = -1;             // file offset of the run's first page
    private int runPages;                   // changed pages in the run; the current page is the next place
    private int runFrom;                    // the run's bytes to write, from its start
    private int runTo;
    private long pageStart = -1;            // the current page
    private int dirtyFrom = PAGE;           // what changed in the current page
    private int dirtyTo;
    private long fileLength = -1;           // read once per commit: MapDB made the file long enough before it

    PageWriter(Volume file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    @Override
    public void write(long offset, ByteBuffer bytes) throws IOException {
        int position = bytes.position();
        int left = bytes.remaining();
        long at = offset;
        while (left > 0) {
            load(at);
            int from = (int) (at - pageStart);
            int n = Math.min(left, PAGE - from);
            int base = runPages * PAGE;
            int first = ByteBuffer.wrap(run, base + from, n).mismatch(bytes.slice(position, n));
            if (first >= 0) {
                bytes.get(position + first, run, base + from + first, n - first);
                dirtyFrom = Math.min(dirtyFrom, from + first);
                dirtyTo = Math.max(dirtyTo, from + n);
            }
            position += n;
            left -= n;
            at += n;
        }
    }

    @Override
    public void zeros(long offset, int length) throws IOException {
        write(offset, ByteBuffer.allocate(length));
    }

    /** Makes the page holding {@code offset} the current one. */
    private void load(long offset) throws IOException {
        long start = offset & -PAGE;
        if (start == pageStart) {
            return;
        }
        pageDone();
        // a page that does not follow the run, or one visited again (overlapping entries keep their log order), is read as changed so far
        if (runPages > 0 && (start != runStart + (long) runPages * PAGE || runPages == RUN_PAGES)) {
            writeRun();
        }
        if (fileLength < 0) {
            fileLength = file.length();
        }
        int base = runPages * PAGE;
        int length = (int) Math.min(PAGE, Math.max(0, fileLength - start));
        if (length < PAGE) {
            Arrays.fill(run, base + length, base + PAGE, (byte) 0);
        }
        if (length > 0) {
            file.getData(start, run, base, length);
        }
        if (runPages == 0) {
            runStart = start;
        }
        pageStart = start;
    }

    /** A changed current page joins the run; an unchanged one leaves its place to the next page. */
    private void pageDone() {
        if (dirtyTo > dirtyFrom) {
            if (runPages == 0) {
                runFrom = dirtyFrom;
            }
            // the unchanged bytes between two changed ones go out with them, as they are: their pages are written anyway
            runTo = runPages * PAGE + dirtyTo;
            runPages++;
        }
        pageStart = -1;
        dirtyFrom = PAGE;
        dirtyTo = 0;
    }

    private void writeRun() throws IOException {
        ByteBuffer out = ByteBuffer.wrap(run, runFrom, runTo - runFrom);
        long at = runStart + runFrom;
        while (out.hasRemaining()) {
            at += channel.write(out, at);
        }
        runPages = 0;
    }

    @Override
    public void done() throws IOException {
        pageDone();
        if (runPages > 0) {
            writeRun();
        }
        fileLength = -1;
    }
}
