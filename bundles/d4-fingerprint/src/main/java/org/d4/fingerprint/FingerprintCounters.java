// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

/**
 * A snapshot of what a {@link TlsFingerprinter} saw and what it gave up.
 *
 * @param packets frames read from captures
 * @param undecodable frames of an unknown link type or protocol, or cut short
 * @param fragments IP fragments ignored
 * @param notTcp IP packets that were not TCP
 * @param segments TCP segments processed
 * @param flowsTracked flows tracked now
 * @param flowsCreated flows started
 * @param flowsRejected segments of new flows not tracked because {@code maxFlows} were tracked
 * @param flowsExpired flows ended by the idle timeout
 * @param flowsNotTls flow directions whose first record was not a TLS handshake record
 * @param handshakesReported records handed to the listener
 * @param malformedHandshakes directions whose records or handshake messages contradicted themselves
 * @param malformedCertificates certificates BouncyCastle could not read (the handshake goes on)
 * @param handshakeLimitReached directions given up at {@code maxHandshakeBytesPerDirection}
 * @param outOfOrderBytesDropped bytes ahead of a gap dropped at {@code maxOutOfOrderBytesPerDirection} or the total
 * @param segmentsOutOfWindow segments beyond the reassembly window (twice the handshake limit)
 * @param retransmittedSegments segments whose bytes had all been seen already
 * @param directionsOverBudget directions given up because {@code maxTotalBufferedBytes} was reached
 * @param bufferedBytes bytes held now (out-of-order segments and partial handshake messages)
 * @param peakBufferedBytes the most ever held at once
 */
public record FingerprintCounters(long packets, long undecodable, long fragments, long notTcp, long segments,
                                  long flowsTracked, long flowsCreated, long flowsRejected, long flowsExpired,
                                  long flowsNotTls, long handshakesReported, long malformedHandshakes,
                                  long malformedCertificates, long handshakeLimitReached, long outOfOrderBytesDropped,
                                  long segmentsOutOfWindow, long retransmittedSegments, long directionsOverBudget,
                                  long bufferedBytes, long peakBufferedBytes) {
}
