// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import org.d4.api.ingest.RejectedPayloadException;

/**
 * Cuts a pcap stream that arrives in arbitrary pieces into its global header and runs of whole
 * records. Whole records are passed on straight from the payload; only a record begun at the end
 * of a payload is copied and held until the next one completes it, so at most one record (at most
 * {@value PcapFormat#MAX_RECORD_BYTES} bytes plus its header) is ever held.
 */
final class PcapStreamParser {

    /** Receives the parsed stream. */
    interface Sink {
        void globalHeader(byte[] header) throws IOException;

        /** One or more whole records, back to back. */
        void records(ByteBuffer records) throws IOException;
    }

    private final byte[] globalHeader = new byte[PcapFormat.GLOBAL_HEADER_BYTES];
    private int globalHeaderLength;
    private ByteOrder order;
    private byte[] partial;
    private int partialLength;

    void feed(ByteBuffer payload, Sink sink) throws IOException {
        ByteBuffer in = payload.slice();
        while (in.hasRemaining()) {
            if (order == null) {
                takeGlobalHeader(in, sink);
            } else if (partial != null) {
                completePartial(in, sink);
            } else {
                passWholeRecords(in, sink);
            }
        }
    }

    /** Why the stream may not end here, if it may not. */
    Optional<String> unfinished() {
        if (order == null && globalHeaderLength > 0) {
            return Optional.of(PcapFormat.INCORRECT + ": the capture ends inside its global header");
        }
        if (partial != null) {
            return Optional.of(PcapFormat.INCORRECT + ": the capture ends inside a record (" + partialLength + " of "
                    + (partialLength < PcapFormat.RECORD_HEADER_BYTES ? "at least 16" : partial.length) + " bytes)");
        }
        return Optional.empty();
    }

    private void takeGlobalHeader(ByteBuffer in, Sink sink) throws IOException {
        int n = Math.min(in.remaining(), globalHeader.length - globalHeaderLength);
        in.get(globalHeader, globalHeaderLength, n);
        globalHeaderLength += n;
        if (globalHeaderLength == globalHeader.length) {
            order = PcapFormat.checkGlobalHeader(globalHeader);
            sink.globalHeader(globalHeader.clone());
        }
    }

    private void passWholeRecords(ByteBuffer in, Sink sink) throws IOException {
        in.order(order);
        int start = in.position();
        int at = start;
        try {
            while (in.limit() - at >= PcapFormat.RECORD_HEADER_BYTES) {
                int length = PcapFormat.recordLength(in, at);
                if (in.limit() - at - PcapFormat.RECORD_HEADER_BYTES < length) {
                    break;
                }
                at += PcapFormat.RECORD_HEADER_BYTES + length;
            }
        } finally {
            // also before a rejection: the records before the bad one are kept
            if (at > start) {
                sink.records(in.duplicate().position(start).limit(at));
            }
            in.position(at);
        }
        if (in.hasRemaining()) {
            int held = in.remaining();
            int size = held < PcapFormat.RECORD_HEADER_BYTES ? PcapFormat.RECORD_HEADER_BYTES
                    : PcapFormat.RECORD_HEADER_BYTES + PcapFormat.recordLength(in, at);
            partial = new byte[size];
            in.get(partial, 0, held);
            partialLength = held;
        }
    }

    private void completePartial(ByteBuffer in, Sink sink) throws IOException {
        int n = Math.min(in.remaining(), partial.length - partialLength);
        in.get(partial, partialLength, n);
        partialLength += n;
        if (partialLength == PcapFormat.RECORD_HEADER_BYTES && partial.length == PcapFormat.RECORD_HEADER_BYTES) {
            int length = PcapFormat.recordLength(ByteBuffer.wrap(partial).order(order), 0);
            partial = Arrays.copyOf(partial, PcapFormat.RECORD_HEADER_BYTES + length);
        }
        if (partialLength == partial.length) {
            byte[] record = partial;
            partial = null;
            partialLength = 0;
            sink.records(ByteBuffer.wrap(record));
        }
    }
}
