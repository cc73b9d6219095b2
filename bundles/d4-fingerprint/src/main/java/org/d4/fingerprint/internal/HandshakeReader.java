// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.internal;

import org.d4.fingerprint.tls.TlsFormatException;

/**
 * The TLS record layer of one direction, streaming: record headers are read as they come, handshake
 * record payloads go into one message buffer, from which complete handshake messages are handed to
 * the {@link Listener}. Only the messages' buffer is held (bounded by the per-direction handshake
 * limit and the shared budget). The direction ends at its first record that is neither handshake nor
 * a ChangeCipherSpec the listener wants to look past: from there on everything is encrypted.
 */
final class HandshakeReader {

    interface Listener {
        void onMessage(int type, byte[] b, int offset, int length) throws TlsFormatException;

        /** Whether a ChangeCipherSpec leaves the next handshake records readable (TLS 1.3 compatibility mode around an HRR). */
        boolean readOnAfterChangeCipherSpec();
    }

    enum State { READING, DONE, NOT_TLS, MALFORMED, OVER_LIMIT }

    private static final int TYPE_CHANGE_CIPHER_SPEC = 20;
    private static final int TYPE_ALERT = 21;
    private static final int TYPE_HANDSHAKE = 22;
    private static final int TYPE_APPLICATION_DATA = 23;
    private static final int MAX_RECORD = 16_384 + 2_048;

    private final byte[] header = new byte[5];
    private int headerFill;
    private int recordType;
    private int recordLeft;
    private boolean anyRecord;
    private long parsed;
    private final ByteQueue messages = new ByteQueue();
    private State state = State.READING;
    private final int maxHandshakeBytes;
    private final long maxTotalBytes;
    private final Counters counters;
    private final Listener listener;

    HandshakeReader(int maxHandshakeBytes, long maxTotalBytes, Counters counters, Listener listener) {
        this.maxHandshakeBytes = maxHandshakeBytes;
        this.maxTotalBytes = maxTotalBytes;
        this.counters = counters;
        this.listener = listener;
    }

    State state() {
        return state;
    }

    boolean reading() {
        return state == State.READING;
    }

    /** Bytes of this reader counted against the shared budget. */
    int held() {
        return messages.capacity();
    }

    void feed(byte[] b, int offset, int length) {
        int at = offset;
        int end = offset + length;
        try {
            while (at < end && state == State.READING) {
                if (recordLeft == 0) {
                    int n = Math.min(5 - headerFill, end - at);
                    System.arraycopy(b, at, header, headerFill, n);
                    headerFill += n;
                    at += n;
                    if (headerFill == 5) {
                        startRecord();
                    }
                    continue;
                }
                int n = Math.min(recordLeft, end - at);
                if (recordType == TYPE_HANDSHAKE) {
                    handshakeBytes(b, at, n);
                }
                at += n;
                recordLeft -= n;
                if (recordLeft == 0 && recordType == TYPE_CHANGE_CIPHER_SPEC && !listener.readOnAfterChangeCipherSpec()) {
                    finish(State.DONE);
                }
            }
        } catch (TlsFormatException e) {
            counters.malformedHandshakes++;
            finish(State.MALFORMED);
        }
    }

    private void startRecord() throws TlsFormatException {
        headerFill = 0;
        int type = header[0] & 0xff;
        int major = header[1] & 0xff;
        int minor = header[2] & 0xff;
        int length = (header[3] & 0xff) << 8 | (header[4] & 0xff);
        if (!anyRecord && (type != TYPE_HANDSHAKE || major != 3 || minor > 4)) {
            counters.flowsNotTls++;
            finish(State.NOT_TLS);
            return;
        }
        anyRecord = true;
        if (major != 3 || minor > 4 || length > MAX_RECORD) {
            throw new TlsFormatException("record header " + type + " " + major + "." + minor + " length " + length);
        }
        switch (type) {
            case TYPE_HANDSHAKE, TYPE_CHANGE_CIPHER_SPEC -> {
                if (length == 0) {
                    throw new TlsFormatException("empty record of type " + type);
                }
                recordType = type;
                recordLeft = length;
            }
            case TYPE_ALERT, TYPE_APPLICATION_DATA -> finish(State.DONE);
            default -> throw new TlsFormatException("record type " + type);
        }
    }

    private void handshakeBytes(byte[] b, int offset, int length) throws TlsFormatException {
        parsed += length;
        if (parsed > maxHandshakeBytes) {
            counters.handshakeLimitReached++;
            finish(State.OVER_LIMIT);
            return;
        }
        int before = messages.capacity();
        int grown = messages.ensure(length);
        if (grown > 0 && !counters.reserve(grown, maxTotalBytes)) {
            counters.directionsOverBudget++;
            counters.release(before);
            messages.clear();
            state = State.OVER_LIMIT;
            return;
        }
        messages.append(b, offset, length);
        while (messages.size() >= 4 && state == State.READING) {
            int type = messages.u8(0);
            int bodyLength = messages.u8(1) << 16 | messages.u8(2) << 8 | messages.u8(3);
            if (bodyLength > maxHandshakeBytes) {
                counters.handshakeLimitReached++;
                finish(State.OVER_LIMIT);
                return;
            }
            if (messages.size() < 4 + bodyLength) {
                return;
            }
            listener.onMessage(type, messages.data, messages.start + 4, bodyLength);
            messages.consume(4 + bodyLength);
        }
        if (messages.size() == 0 && messages.capacity() > 0) {
            // a whole message read: a flow waiting for the other side's answer keeps no buffer
            counters.release(messages.clear());
        }
    }

    /** Ends reading and gives back the buffer. */
    void finish(State end) {
        if (state == State.READING) {
            state = end;
        }
        counters.release(messages.clear());
    }
}
