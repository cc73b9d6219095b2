// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import org.mapdb.volume.Volume;

/**
 * MapDB's own write-ahead log files under {@link AtomicMapDb}: they only hold the changes of the
 * commit in progress, which the redo log makes durable, so forcing them to disk would be wasted.
 */
final class ScratchVolume extends ForwardingVolume {
    ScratchVolume(Volume target) {
        super(target);
    }

    @Override
    public void sync() {
        // nothing to force: see the class comment
    }

    // MapDB's write helpers, handed over too: the volume's own versions know its slices

    @Override
    public void putDataOverlap(long offset, byte[] src, int srcPos, int srcSize) {
        target.putDataOverlap(offset, src, srcPos, srcSize);
    }

    @Override
    public void clearOverlap(long startOffset, long endOffset) {
        target.clearOverlap(startOffset, endOffset);
    }

    @Override
    public int putPackedLong(long pos, long value) {
        return target.putPackedLong(pos, value);
    }

    @Override
    public void putSixLong(long pos, long value) {
        target.putSixLong(pos, value);
    }

    @Override
    public void putUnsignedShort(long offset, int value) {
        target.putUnsignedShort(offset, value);
    }

    @Override
    public void putUnsignedByte(long offset, int b) {
        target.putUnsignedByte(offset, b);
    }
}
