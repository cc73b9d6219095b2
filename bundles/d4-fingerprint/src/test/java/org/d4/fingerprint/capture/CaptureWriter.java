// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes pcap and pcapng files in any byte order and timestamp resolution, for the reader's tests. */
final class CaptureWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final boolean nano;

    private CaptureWriter(ByteOrder order, boolean nano) {
        this.order = order;
        this.nano = nano;
    }

    static CaptureWriter pcap(ByteOrder order, boolean nano, int linkType) {
        CaptureWriter w = new CaptureWriter(order, nano);
        w.out.writeBytes(w.buffer(24).putInt(nano ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(262_144).putInt(linkType).array());
        return w;
    }

    void pcapPacket(long nanos, byte[] data) {
        long fraction = nano ? nanos % 1_000_000_000L : nanos % 1_000_000_000L / 1000;
        out.writeBytes(buffer(16).putInt((int) (nanos / 1_000_000_000L)).putInt((int) fraction).putInt(data.length)
                .putInt(data.length).array());
        out.writeBytes(data);
    }

    static CaptureWriter pcapng(ByteOrder order) {
        CaptureWriter w = new CaptureWriter(order, false);
        w.block(0x0a0d0d0a, w.buffer(16).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1).array());
        return w;
    }

    /** An interface; {@code tsresol} as the pcapng option byte, or -1 for the default (microseconds). */
    void pcapngInterface(int linkType, int tsresol) {
        ByteBuffer b = buffer(tsresol >= 0 ? 20 : 12).putShort((short) linkType).putShort((short) 0).putInt(0);
        if (tsresol >= 0) {
            b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        }
        b.putShort((short) 0).putShort((short) 0);
        block(1, b.array());
    }

    void enhancedPacket(int interfaceId, long ticks, byte[] data) {
        int padded = (data.length + 3) / 4 * 4;
        block(6, buffer(20 + padded).putInt(interfaceId).putInt((int) (ticks >>> 32)).putInt((int) ticks)
                .putInt(data.length).putInt(data.length).put(data).array());
    }

    void simplePacket(byte[] data) {
        int padded = (data.length + 3) / 4 * 4;
        block(3, buffer(4 + padded).putInt(data.length).put(data).array());
    }

    void block(int type, byte[] body) {
        out.writeBytes(buffer(8).putInt(type).putInt(body.length + 12).array());
        out.writeBytes(body);
        out.writeBytes(buffer(4).putInt(body.length + 12).array());
    }

    private ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
