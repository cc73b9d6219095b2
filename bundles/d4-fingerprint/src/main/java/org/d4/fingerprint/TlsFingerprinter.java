// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.d4.fingerprint.capture.CaptureReader;
import org.d4.fingerprint.capture.PacketDecoder;
import org.d4.fingerprint.capture.TcpSegment;
import org.d4.fingerprint.internal.CertificateCache;
import org.d4.fingerprint.internal.Counters;
import org.d4.fingerprint.internal.Flow;
import org.d4.fingerprint.internal.FlowKey;

/**
 * Turns packets (from capture files, or frames and TCP segments from any source) into one
 * {@link HandshakeRecord} per TLS connection, within {@link FlowLimits}. A record is handed to the
 * listener when both directions' handshakes have been read, or the connection closes (FIN both ways,
 * RST), goes idle, or {@link #finish()} is called. A flow whose handshake was read stays in the table,
 * without buffers, until it closes or goes idle, so that its later packets cost one lookup and do not
 * start a new flow. Not thread-safe: one instance per thread.
 */
public final class TlsFingerprinter {

    private static final long EXPIRY_CHECK_NANOS = 1_000_000_000L;

    private final FlowLimits limits;
    private final Consumer<HandshakeRecord> listener;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Counters counters = new Counters();
    private final CertificateCache certificates = new CertificateCache();
    private final LinkedHashMap<FlowKey, Flow> flows = new LinkedHashMap<>(1024, 0.75f, true);
    /** The key of the segment at hand, for look-ups without an allocation per packet. */
    private final FlowKey probe = FlowKey.probe();
    private long packets;
    private long lastExpiryCheck;
    private boolean anySegment;

    public TlsFingerprinter(FlowLimits limits, Consumer<HandshakeRecord> listener) {
        this.limits = limits;
        this.listener = listener;
    }

    /** Reads a pcap or pcapng stream to its end, then reports the flows still open ({@link #finish()}). */
    public void readCapture(InputStream in) throws IOException {
        try {
            readCaptureContinued(in);
        } finally {
            finish();
        }
    }

    /**
     * Reads one capture of a series, such as the files a capture rotates into, in order, without ending
     * its flows: the next capture continues them. Call {@link #finish()} after the last one.
     */
    public void readCaptureContinued(InputStream in) throws IOException {
        new CaptureReader(in).readAll(this::acceptFrame);
    }

    /** One captured frame of the given link type (a {@code LINKTYPE_} value as in pcap). */
    public void acceptFrame(int linkType, long timestampNanos, byte[] data, int offset, int length) {
        packets++;
        TcpSegment segment = decoder.decode(linkType, timestampNanos, data, offset, length);
        if (segment != null) {
            accept(segment);
        }
    }

    /** One TCP segment, for sources that decode packets themselves. */
    public void accept(TcpSegment segment) {
        counters.segments++;
        long now = segment.timestampNanos();
        if (!anySegment || now - lastExpiryCheck >= EXPIRY_CHECK_NANOS || now < lastExpiryCheck) {
            anySegment = true;
            lastExpiryCheck = now;
            expireIdle(now);
        }
        FlowKey key = probe.set(segment);
        Flow flow = flows.get(key);
        if (flow == null) {
            if (segment.payloadLength() == 0 && !segment.has(TcpSegment.SYN)) {
                return;                                  // a bare ACK, FIN or RST of a flow not tracked
            }
            if (flows.size() >= limits.maxFlows()) {
                counters.flowsRejected++;
                return;
            }
            flow = new Flow(segment, limits, counters, certificates);
            flows.put(key.copy(), flow);
            counters.flowsCreated++;
        }
        flow.accept(segment);
        if (flow.closed()) {
            flows.remove(key);
            close(flow);
        } else if (!flow.released() && flow.handshakesRead()) {
            report(flow);                                // kept, without buffers, until it closes or idles
        }
    }

    /** Ends the flows silent since {@code nowNanos - idleTimeout} (capture time), reporting their handshakes. */
    public void expireIdle(long nowNanos) {
        Iterator<Map.Entry<FlowKey, Flow>> eldestFirst = flows.entrySet().iterator();
        while (eldestFirst.hasNext()) {
            Flow flow = eldestFirst.next().getValue();
            if (nowNanos - flow.lastSeenNanos() < limits.idleTimeoutNanos()) {
                return;
            }
            eldestFirst.remove();
            counters.flowsExpired++;
            close(flow);
        }
    }

    /** Ends every flow, reporting those with a handshake. */
    public void finish() {
        Iterator<Flow> all = flows.values().iterator();
        while (all.hasNext()) {
            Flow flow = all.next();
            all.remove();
            close(flow);
        }
    }

    private void close(Flow flow) {
        report(flow);
    }

    private void report(Flow flow) {
        HandshakeRecord record = flow.hasHandshake() && flow.markReported() ? flow.toRecord() : null;
        flow.release();
        if (record != null) {
            counters.handshakesReported++;
            listener.accept(record);
        }
    }

    public FlowLimits limits() {
        return limits;
    }

    public FingerprintCounters counters() {
        Counters c = counters;
        return new FingerprintCounters(packets, decoder.undecodable(), decoder.fragments(), decoder.notTcp(), c.segments,
                flows.size(), c.flowsCreated, c.flowsRejected, c.flowsExpired, c.flowsNotTls, c.handshakesReported,
                c.malformedHandshakes, c.malformedCertificates, c.handshakeLimitReached, c.outOfOrderBytesDropped,
                c.segmentsOutOfWindow, c.retransmittedSegments, c.directionsOverBudget, c.bufferedBytes,
                c.peakBufferedBytes);
    }
}
