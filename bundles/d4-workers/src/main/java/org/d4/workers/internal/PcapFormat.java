// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Optional;
import org.d4.api.ingest.RejectedPayloadException;

/**
 * The libpcap file format, as far as the workers check it.
 * <pre>
 * global header, 24 bytes          record header, 16 bytes, then incl_len bytes of packet
 * +-------+-----+-----+            +--------+---------+----------+----------+
 * | magic | maj | min | zone,      | ts_sec | ts_frac | incl_len | orig_len |
 * |   4   |  2  |  2  | sigfigs,   |   4    |    4    |    4     |    4     |
 * +-------+-----+-----+ snaplen,   +--------+---------+----------+----------+
 *                       linktype: 4 each
 * </pre>
 * The magic says the byte order of every other field: {@code a1b2c3d4} microsecond and
 * {@code a1b23c4d} nanosecond time stamps, as written or byte-swapped.
 */
final class PcapFormat {
    static final int GLOBAL_HEADER_BYTES = 24;
    static final int RECORD_HEADER_BYTES = 16;
    /** libpcap's own limit on a record (its largest snapshot length). */
    static final int MAX_RECORD_BYTES = 262_144;
    static final String INCORRECT = "incorrect file format";
    private static final int MICROS = 0xa1b2c3d4;
    private static final int NANOS = 0xa1b23c4d;
    private static final int PCAPNG = 0x0a0d0d0a;

    private PcapFormat() {
    }

    /** The byte order of a valid global header. */
    static ByteOrder checkGlobalHeader(byte[] header) throws RejectedPayloadException {
        ByteBuffer b = ByteBuffer.wrap(header, 0, GLOBAL_HEADER_BYTES);
        int magic = b.getInt(0);
        ByteOrder order;
        if (magic == MICROS || magic == NANOS) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (magic == Integer.reverseBytes(MICROS) || magic == Integer.reverseBytes(NANOS)) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (magic == PCAPNG) {
            throw new RejectedPayloadException(INCORRECT + ": pcapng, not pcap (pcapng is type 5)");
        } else {
            throw new RejectedPayloadException(INCORRECT);
        }
        b.order(order);
        int major = Short.toUnsignedInt(b.getShort(4));
        if (major != 2) {
            throw new RejectedPayloadException(INCORRECT + ": pcap version " + major + "." + Short.toUnsignedInt(b.getShort(6)));
        }
        return order;
    }

    /** The captured length of the record whose header starts at {@code at}; rejects what libpcap would refuse. */
    static int recordLength(ByteBuffer b, int at) throws RejectedPayloadException {
        long length = Integer.toUnsignedLong(b.getInt(at + 8));
        if (length > MAX_RECORD_BYTES) {
            throw new RejectedPayloadException(INCORRECT + ": record of " + length + " bytes");
        }
        return (int) length;
    }

    /**
     * How much of a pcap file is whole records behind a valid global header: a crash may have torn
     * the last record. Empty when even the global header is not valid.
     */
    static Optional<Long> completeLength(FileChannel file) throws IOException {
        long size = file.size();
        if (size < GLOBAL_HEADER_BYTES) {
            return Optional.empty();
        }
        byte[] header = new byte[GLOBAL_HEADER_BYTES];
        if (file.read(ByteBuffer.wrap(header), 0) != GLOBAL_HEADER_BYTES) {
            return Optional.empty();
        }
        ByteOrder order;
        try {
            order = checkGlobalHeader(header);
        } catch (RejectedPayloadException notPcap) {
            return Optional.empty();
        }
        // read in windows so that millions of small records cost few system calls
        ByteBuffer window = ByteBuffer.allocate(64 * 1024).order(order);
        long windowStart = 0;
        window.limit(0);
        long position = GLOBAL_HEADER_BYTES;
        while (position + RECORD_HEADER_BYTES <= size) {
            if (position < windowStart || position + RECORD_HEADER_BYTES > windowStart + window.limit()) {
                window.clear();
                windowStart = position;
                while (window.hasRemaining() && file.read(window, windowStart + window.position()) > 0) {
                    // fill the window
                }
                window.flip();
                if (window.limit() < RECORD_HEADER_BYTES) {
                    break;
                }
            }
            int length;
            try {
                length = recordLength(window, (int) (position - windowStart));
            } catch (RejectedPayloadException torn) {
                break;
            }
            long next = position + RECORD_HEADER_BYTES + length;
            if (next > size) {
                break;
            }
            position = next;
        }
        return Optional.of(position);
    }
}
