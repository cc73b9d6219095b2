// SPDX-License-Identifier: Apache-2.0
package org.d4.mapdb;

import java.io.File;
import java.nio.ByteBuffer;
import org.mapdb.DataInput2;
import org.mapdb.volume.Volume;

/**
 * A MapDB volume that hands every call to another one. Of the writes, only the abstract methods
 * are handed over (MapDB's other write helpers are built on them), so a subclass that changes how writes
 * are done overrides just those.
 */
abstract class ForwardingVolume extends Volume {
    protected final Volume target;

    ForwardingVolume(Volume target) {
        this.target = target;
    }

    @Override
    public void ensureAvailable(long offset) {
        target.ensureAvailable(offset);
    }

    @Override
    public void truncate(long size) {
        target.truncate(size);
    }

    @Override
    public void putLong(long offset, long value) {
        target.putLong(offset, value);
    }

    @Override
    public void putInt(long offset, int value) {
        target.putInt(offset, value);
    }

    @Override
    public void putByte(long offset, byte value) {
        target.putByte(offset, value);
    }

    @Override
    public void putData(long offset, byte[] src, int srcPos, int srcSize) {
        target.putData(offset, src, srcPos, srcSize);
    }

    @Override
    public void putData(long offset, ByteBuffer buf) {
        target.putData(offset, buf);
    }

    @Override
    public void clear(long startOffset, long endOffset) {
        target.clear(startOffset, endOffset);
    }

    @Override
    public long getLong(long offset) {
        return target.getLong(offset);
    }

    @Override
    public int getInt(long offset) {
        return target.getInt(offset);
    }

    @Override
    public byte getByte(long offset) {
        return target.getByte(offset);
    }

    @Override
    public DataInput2 getDataInput(long offset, int size) {
        return target.getDataInput(offset, size);
    }

    @Override
    public DataInput2 getDataInputOverlap(long offset, int size) {
        return target.getDataInputOverlap(offset, size);
    }

    @Override
    public void getData(long offset, byte[] bytes, int bytesPos, int size) {
        target.getData(offset, bytes, bytesPos, size);
    }

    @Override
    public long getPackedLong(long position) {
        return target.getPackedLong(position);
    }

    @Override
    public long getSixLong(long pos) {
        return target.getSixLong(pos);
    }

    @Override
    public int getUnsignedShort(long offset) {
        return target.getUnsignedShort(offset);
    }

    @Override
    public int getUnsignedByte(long offset) {
        return target.getUnsignedByte(offset);
    }

    @Override
    public void close() {
        closed.set(true);
        target.close();
    }

    @Override
    public boolean isClosed() {
        return target.isClosed();
    }

    @Override
    public void sync() {
        target.sync();
    }

    @Override
    public int sliceSize() {
        return target.sliceSize();
    }

    @Override
    public boolean isSliced() {
        return target.isSliced();
    }

    @Override
    public long length() {
        return target.length();
    }

    @Override
    public boolean isReadOnly() {
        return target.isReadOnly();
    }

    @Override
    public File getFile() {
        return target.getFile();
    }

    @Override
    public boolean getFileLocked() {
        return target.getFileLocked();
    }

    @Override
    public boolean fileLoad() {
        return target.fileLoad();
    }

    @Override
    public void deleteFile() {
        target.deleteFile();
    }
}
