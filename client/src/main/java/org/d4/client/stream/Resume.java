// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

import org.d4.protocol.D4Type;

/**
 * What a new connection must carry before the data that failed, so the server's worker sees a whole
 * stream: a pcap stream restarts with its global header and the record in progress, a line stream
 * with the start of the line in progress. Memory is bounded by the largest record or line kept.
 */
interface Resume {
    /** Bytes that were handed to a connection successfully. */
    void sent(byte[] data, int offset, int length);

    /** The bytes a new connection sends first. */
    byte[] prefix();

    /** A new stream begins (nothing of the old one is replayed). */
    void reset();

    static Resume forType(int type) {
        if (type == D4Type.PCAP.number()) {
            return new PcapResume();
        }
        return D4Type.of(type).map(D4Type::lineBased).orElse(false) ? new LineResume() : new NothingToResume();
    }

    /** Chunks are independent: a new connection only re-sends the chunk that failed. */
    final class NothingToResume implements Resume {
        @Override
        public void sent(byte[] data, int offset, int length) {
            // nothing to remember
        }

        @Override
        public byte[] prefix() {
            return new byte[0];
        }

        @Override
        public void reset() {
            // nothing to forget
        }
    }
}
