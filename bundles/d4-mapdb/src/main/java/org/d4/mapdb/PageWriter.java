// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.mapdb.volume.Volume;

/**
 * Writes a commit's entries into the store file page by page, with positional writes on the file
 * rather than stores into MapDB's memory mapping: the first store into a page that the kernel has
 * written back costs a page fault, and a commit touches a hundred thousand such pages. Entries
 * arrive mostly in offset order; those on one page are patched into a copy of it and written in one
 * call, and bytes that do not change are not written at all (MapDB rewrites a record's place in
 * its index even when the record stayed where it was), so such pages stay clean.
 *
 * <p>Readers of the memory mapping see the new bytes: on Linux both go through the same page cache.
 */
final class PageWriter implements RedoLog.Target {
    private static final int PAGE = 4096;

    private final Volume file;
    private final FileChannel channel;
    private final byte[] page = new byte[PAGE];
    private final byte[] incoming = new byte[PAGE];
    private long pageStart = -1;
    private int pageLength;
    private int dirtyFrom = PAGE;
    private int dirtyTo;

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
            bytes.get(position, incoming, 0, n);
            int first = java.util.Arrays.mismatch(page, from, from + n, incoming, 0, n);
            if (first >= 0) {
                System.arraycopy(incoming, first, page, from + first, n - first);
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

    /** Makes the page holding {@code offset} the current one, writing out the previous one. */
    private void load(long offset) throws IOException {
        long start = offset & -PAGE;
        if (start == pageStart) {
            return;
        }
        flush();
        // the file was made long enough by MapDB (ensureAvailable) before the commit's writes
        pageLength = (int) Math.min(PAGE, Math.max(0, file.length() - start));
        if (pageLength < PAGE) {
            java.util.Arrays.fill(page, pageLength, PAGE, (byte) 0);
        }
        if (pageLength > 0) {
            file.getData(start, page, 0, pageLength);
        }
        pageStart = start;
    }

    private void flush() throws IOException {
        if (dirtyTo > dirtyFrom) {
            ByteBuffer out = ByteBuffer.wrap(page, dirtyFrom, dirtyTo - dirtyFrom);
            long at = pageStart + dirtyFrom;
            while (out.hasRemaining()) {
                at += channel.write(out, at);
            }
        }
        dirtyFrom = PAGE;
        dirtyTo = 0;
    }

    @Override
    public void done() throws IOException {
        flush();
        pageStart = -1;
    }
}
