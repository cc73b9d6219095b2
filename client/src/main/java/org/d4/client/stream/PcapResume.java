// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Follows a libpcap stream (24-byte global header, then 16-byte record headers each followed by
 * {@code incl_len} bytes) as it is sent, keeping the global header and the record in progress. Input
 * that is no pcap stream (unknown magic, a record larger than 16 MiB) stops the tracking: a new
 * connection then re-sends only the chunk that failed.
 */
final class PcapResume implements Resume {
    static final int GLOBAL_HEADER = 24;
    static final int RECORD_HEADER = 16;
    static final int MAX_RECORD = 16 << 20;

    private final ByteArrayOutputStream global = new ByteArrayOutputStream(GLOBAL_HEADER);
    private final ByteArrayOutputStream record = new ByteArrayOutputStream(1 << 16);
    private ByteOrder order;
    private long recordLength = -1;   // incl_len of the record in progress, -1 while its header is incomplete
    private boolean lost;

    @Override
    public void sent(byte[] data, int offset, int length) {
        int p = offset;
        int end = offset + length;
        while (p < end && !lost) {
            if (global.size() < GLOBAL_HEADER) {
                int n = Math.min(GLOBAL_HEADER - global.size(), end - p);
                global.write(data, p, n);
                p += n;
                if (global.size() == GLOBAL_HEADER) {
                    order = byteOrder(global.toByteArray());
                    lost = order == null;
                }
                continue;
            }
            if (recordLength < 0) {
                int n = Math.min(RECORD_HEADER - record.size(), end - p);
                record.write(data, p, n);
                p += n;
                if (record.size() == RECORD_HEADER) {
                    recordLength = ByteBuffer.wrap(record.toByteArray()).order(order).getInt(8) & 0xFFFF_FFFFL;
                    lost = recordLength > MAX_RECORD;
                }
            } else {
                int n = (int) Math.min(RECORD_HEADER + recordLength - record.size(), end - p);
                record.write(data, p, n);
                p += n;
            }
            if (recordLength >= 0 && record.size() == RECORD_HEADER + recordLength) {
                record.reset();
                recordLength = -1;
            }
        }
    }

    private static ByteOrder byteOrder(byte[] header) {
        int magic = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN).getInt(0);
        return switch (magic) {
            case 0xA1B2C3D4, 0xA1B23C4D -> ByteOrder.BIG_ENDIAN;
            case 0xD4C3B2A1, 0x4D3CB2A1 -> ByteOrder.LITTLE_ENDIAN;
            default -> null;
        };
    }

    @Override
    public byte[] prefix() {
        if (lost) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(global.size() + record.size());
        out.writeBytes(global.toByteArray());
        out.writeBytes(record.toByteArray());
        return out.toByteArray();
    }

    @Override
    public void reset() {
        global.reset();
        record.reset();
        recordLength = -1;
        order = null;
        lost = false;
    }
}
