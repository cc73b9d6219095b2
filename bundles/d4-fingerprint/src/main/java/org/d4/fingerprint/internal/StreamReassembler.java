// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one direction of a TCP connection back in order and hands the bytes, once each, to its
 * {@link HandshakeReader}. Offsets are relative to the first sequence number (SYN + 1, or the first
 * segment seen), so only the first {@code window} bytes of a stream are ever considered: that is
 * where the handshake is. Retransmitted and overlapping bytes are delivered once; segments ahead of
 * a gap wait, up to {@code maxOutOfOrder} bytes here and the shared budget; beyond, they are dropped.
 */
final class StreamReassembler {

    private static final long HALF_SPACE = 1L << 31;

    private final HandshakeReader reader;
    private final int maxOutOfOrder;
    private final long window;
    private final long maxTotalBytes;
    private final Counters counters;
    private TreeMap<Long, byte[]> ahead;    // made at the first segment ahead: most flows never need one
    private int aheadBytes;
    private boolean started;
    private long base;
    private long delivered;

    StreamReassembler(HandshakeReader reader, int maxOutOfOrder, long window, long maxTotalBytes, Counters counters) {
        this.reader = reader;
        this.maxOutOfOrder = maxOutOfOrder;
        this.window = window;
        this.maxTotalBytes = maxTotalBytes;
        this.counters = counters;
    }

    HandshakeReader reader() {
        return reader;
    }

    int aheadBytes() {
        return aheadBytes;
    }

    void syn(long sequence) {
        if (!started) {
            started = true;
            base = (sequence + 1) & 0xffffffffL;
        }
    }

    void segment(long sequence, byte[] b, int offset, int length) {
        if (length == 0 || !reader.reading()) {
            return;
        }
        if (!started) {
            started = true;
            base = sequence;
        }
        long relative = (sequence - base) & 0xffffffffL;
        if (relative >= HALF_SPACE) {
            relative -= 1L << 32;                       // before the start: only its tail can matter
        }
        long end = relative + length;
        if (end <= delivered) {
            counters.retransmittedSegments++;
            return;
        }
        if (relative > delivered) {
            if (end > window) {
                counters.segmentsOutOfWindow++;
                return;
            }
            hold(relative, b, offset, length);
            return;
        }
        int skip = (int) (delivered - relative);
        deliver(b, offset + skip, length - skip);
        drain();
    }

    private void deliver(byte[] b, int offset, int length) {
        delivered += length;
        reader.feed(b, offset, length);
        if (!reader.reading()) {
            release();
        }
    }

    private void hold(long relative, byte[] b, int offset, int length) {
        if (ahead == null) {
            ahead = new TreeMap<>();
        }
        byte[] existing = ahead.get(relative);
        if (existing != null && existing.length >= length) {
            counters.retransmittedSegments++;
            return;
        }
        int extra = length - (existing == null ? 0 : existing.length);
        if (aheadBytes + extra > maxOutOfOrder || !counters.reserve(extra, maxTotalBytes)) {
            counters.outOfOrderBytesDropped += length;
            return;
        }
        aheadBytes += extra;
        ahead.put(relative, Arrays.copyOfRange(b, offset, offset + length));
    }

    private void drain() {
        while (ahead != null && !ahead.isEmpty() && reader.reading()) {
            Map.Entry<Long, byte[]> first = ahead.firstEntry();
            long relative = first.getKey();
            if (relative > delivered) {
                return;
            }
            byte[] data = ahead.pollFirstEntry().getValue();
            aheadBytes -= data.length;
            counters.release(data.length);
            long end = relative + data.length;
            if (end > delivered) {
                int skip = (int) (delivered - relative);
                deliver(data, skip, data.length - skip);
            }
        }
    }

    /** Drops whatever is held (the direction is done or the flow ends). */
    void release() {
        counters.release(aheadBytes);
        aheadBytes = 0;
        ahead = null;
    }
}
