// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.internal;

/** The running counters of one fingerprinter; one thread at a time, like the fingerprinter. */
public final class Counters {
    public long segments;
    public long flowsCreated;
    public long flowsRejected;
    public long flowsExpired;
    public long flowsNotTls;
    public long handshakesReported;
    public long malformedHandshakes;
    public long malformedCertificates;
    public long handshakeLimitReached;
    public long outOfOrderBytesDropped;
    public long segmentsOutOfWindow;
    public long retransmittedSegments;
    public long directionsOverBudget;
    public long bufferedBytes;
    public long peakBufferedBytes;

    /** True if {@code bytes} more fit under {@code limit}; if so they are counted as held. */
    public boolean reserve(long bytes, long limit) {
        if (bufferedBytes + bytes > limit) {
            return false;
        }
        bufferedBytes += bytes;
        peakBufferedBytes = Math.max(peakBufferedBytes, bufferedBytes);
        return true;
    }

    public void release(long bytes) {
        bufferedBytes -= bytes;
    }
}
