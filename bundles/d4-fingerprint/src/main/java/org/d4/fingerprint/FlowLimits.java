// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

/**
 * The bounds that keep a {@link TlsFingerprinter}'s memory fixed whatever the traffic.
 *
 * @param maxFlows flows tracked at once; a new flow beyond this is not tracked (counted)
 * @param maxOutOfOrderBytesPerDirection bytes held ahead of a gap in one direction; more are dropped (counted)
 * @param maxHandshakeBytesPerDirection handshake bytes parsed per direction (records and messages); a
 *        direction whose handshake goes beyond is given up (counted). Also the reassembly window:
 *        a segment starting further than this from the stream's start is out of window
 * @param maxTotalBufferedBytes bytes held over all flows (out-of-order segments plus partial records
 *        and messages); a direction that would go beyond is given up (counted)
 * @param idleTimeoutNanos a flow silent for this long (capture time) ends and is reported
 * @param maxCertificatesPerDirection certificates kept from one Certificate message
 */
public record FlowLimits(int maxFlows, int maxOutOfOrderBytesPerDirection, int maxHandshakeBytesPerDirection,
                         long maxTotalBufferedBytes, long idleTimeoutNanos, int maxCertificatesPerDirection) {

    public FlowLimits {
        if (maxFlows < 1 || maxOutOfOrderBytesPerDirection < 0 || maxHandshakeBytesPerDirection < 64
                || maxTotalBufferedBytes < 0 || idleTimeoutNanos < 1 || maxCertificatesPerDirection < 0) {
            throw new IllegalArgumentException("bad flow limits " + this);
        }
    }

    /** 100,000 flows, 64 KiB out of order and 128 KiB of handshake per direction, 64 MiB in all, 60 s idle, 10 certificates. */
    public static FlowLimits defaults() {
        return new FlowLimits(100_000, 65_536, 131_072, 64L << 20, 60_000_000_000L, 10);
    }
}
