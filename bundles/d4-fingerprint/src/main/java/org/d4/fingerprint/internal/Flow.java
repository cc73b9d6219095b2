// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.d4.fingerprint.FlowLimits;
import org.d4.fingerprint.HandshakeRecord;
import org.d4.fingerprint.capture.TcpSegment;
import org.d4.fingerprint.tls.CertificateInfo;
import org.d4.fingerprint.tls.ClientHello;
import org.d4.fingerprint.tls.Digests;
import org.d4.fingerprint.tls.Ja3;
import org.d4.fingerprint.tls.Ja4;
import org.d4.fingerprint.tls.ServerHello;
import org.d4.fingerprint.tls.TlsFormatException;

/**
 * One TCP connection: both directions reassembled and read up to their encrypted part, and what their
 * handshake messages said. The side that sends a ClientHello is the client, whatever the ports.
 */
public final class Flow {

    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_HELLO = 2;
    private static final int CERTIFICATE = 11;

    private final StreamReassembler[] directions = new StreamReassembler[2];
    private final byte[][] addresses = new byte[2][];
    private final int[] ports = new int[2];
    private final List<ClientHello> clientHellos = new ArrayList<>(2);
    private final List<List<CertificateInfo>> certificates = List.of(new ArrayList<>(), new ArrayList<>());
    private final int maxCertificates;
    private final Counters counters;
    private final CertificateCache certificateCache;
    private int clientSide = -1;
    private ServerHello serverHello;
    private boolean retried;
    private boolean lastServerMessageWasRetry;
    private Instant timestamp;
    private long currentTimestamp;
    private long lastSeenNanos;
    private final boolean[] finSeen = new boolean[2];
    private boolean reset;
    private boolean reported;
    private boolean released;

    public Flow(TcpSegment first, FlowLimits limits, Counters counters, CertificateCache certificateCache) {
        this.counters = counters;
        this.certificateCache = certificateCache;
        this.maxCertificates = limits.maxCertificatesPerDirection();
        boolean fromLow = FlowKey.fromLow(first);
        addresses[fromLow ? 0 : 1] = first.sourceAddress().clone();      // the decoder reuses its arrays
        ports[fromLow ? 0 : 1] = first.sourcePort();
        addresses[fromLow ? 1 : 0] = first.destinationAddress().clone();
        ports[fromLow ? 1 : 0] = first.destinationPort();
        for (int d = 0; d < 2; d++) {
            int side = d;
            HandshakeReader reader = new HandshakeReader(limits.maxHandshakeBytesPerDirection(), limits.maxTotalBufferedBytes(),
                    counters, new HandshakeReader.Listener() {
                        @Override
                        public void onMessage(int type, byte[] b, int offset, int length) throws TlsFormatException {
                            message(side, type, b, offset, length);
                        }

                        @Override
                        public boolean readOnAfterChangeCipherSpec() {
                            return side == clientSide ? retried && clientHellos.size() == 1 : lastServerMessageWasRetry;
                        }
                    });
            directions[d] = new StreamReassembler(reader, limits.maxOutOfOrderBytesPerDirection(),
                    2L * limits.maxHandshakeBytesPerDirection(), limits.maxTotalBufferedBytes(), counters);
        }
    }

    public long lastSeenNanos() {
        return lastSeenNanos;
    }

    /** Feeds one segment of this flow; once released, only its time and its end are noted. */
    public void accept(TcpSegment s) {
        int side = FlowKey.fromLow(s) ? 0 : 1;
        lastSeenNanos = s.timestampNanos();
        if (released) {
            noteEnd(s, side);
            return;
        }
        currentTimestamp = s.timestampNanos();
        if (s.has(TcpSegment.SYN)) {
            directions[side].syn(s.sequence());
        }
        long dataSequence = s.has(TcpSegment.SYN) ? (s.sequence() + 1) & 0xffffffffL : s.sequence();   // TCP Fast Open
        directions[side].segment(dataSequence, s.data(), s.payloadOffset(), s.payloadLength());
        if (directions[side].reader().state() == HandshakeReader.State.MALFORMED) {
            StreamReassembler other = directions[1 - side];    // a malformed record ends the whole flow's parsing
            other.release();
            other.reader().finish(HandshakeReader.State.MALFORMED);
        }
        noteEnd(s, side);
    }

    private void noteEnd(TcpSegment s, int side) {
        if (s.has(TcpSegment.FIN)) {
            finSeen[side] = true;
        }
        if (s.has(TcpSegment.RST)) {
            reset = true;
        }
    }

    /** The connection closed: FIN both ways, or RST. */
    public boolean closed() {
        return reset || finSeen[0] && finSeen[1];
    }

    /** Both directions were read as far as they can be (their encrypted part, or given up). */
    public boolean handshakesRead() {
        return !directions[0].reader().reading() && !directions[1].reader().reading();
    }

    /** Whether there is anything to report: a hello was seen. */
    public boolean hasHandshake() {
        return !clientHellos.isEmpty() || serverHello != null;
    }

    /** Whether {@link #release()} was called: the flow's handshakes are over for us. */
    public boolean released() {
        return released;
    }

    /** Marks the flow reported; true the first time only. */
    public boolean markReported() {
        boolean first = !reported;
        reported = true;
        return first;
    }

    /** Gives back what the flow holds against the shared budget. */
    public void release() {
        released = true;
        for (StreamReassembler direction : directions) {
            direction.release();
            direction.reader().finish(HandshakeReader.State.DONE);
        }
    }

    private void message(int side, int type, byte[] b, int offset, int length) throws TlsFormatException {
        switch (type) {
            case CLIENT_HELLO -> {
                if (clientSide >= 0 && clientSide != side || clientHellos.size() >= 2) {
                    throw new TlsFormatException("unexpected ClientHello");
                }
                clientSide = side;
                clientHellos.add(ClientHello.parse(b, offset, length));
                if (timestamp == null) {
                    timestamp = Instant.ofEpochSecond(0, currentTimestamp);
                }
            }
            case SERVER_HELLO -> {
                if (clientSide == side) {
                    throw new TlsFormatException("ServerHello from the client");
                }
                clientSide = 1 - side;
                ServerHello hello = ServerHello.parse(b, offset, length);
                lastServerMessageWasRetry = hello.helloRetryRequest();
                if (hello.helloRetryRequest()) {
                    retried = true;
                } else {
                    serverHello = hello;
                }
                return;
            }
            case CERTIFICATE -> certificates(side, b, offset, length);
            default -> {
                // other messages carry nothing fingerprinted
            }
        }
        if (side != clientSide) {
            lastServerMessageWasRetry = false;
        }
    }

    /** A TLS 1.2-and-earlier Certificate message: a 24-bit list of 24-bit-length DER certificates. */
    private void certificates(int side, byte[] b, int offset, int length) throws TlsFormatException {
        if (serverHello != null && serverHello.selectedVersion() >= 0x0304) {
            return;                                  // TLS 1.3: would be encrypted; never seen in the clear
        }
        if (length < 3) {
            throw new TlsFormatException("Certificate message of " + length + " bytes");
        }
        int listLength = (b[offset] & 0xff) << 16 | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff);
        if (listLength != length - 3) {
            throw new TlsFormatException("certificate list length " + listLength + " in a message of " + length);
        }
        int at = offset + 3;
        int end = offset + length;
        List<CertificateInfo> kept = certificates.get(side);
        while (at < end) {
            if (at + 3 > end) {
                throw new TlsFormatException("certificate length cut short");
            }
            int n = (b[at] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff);
            at += 3;
            if (n > end - at) {
                throw new TlsFormatException("certificate of " + n + " bytes beyond its message");
            }
            if (kept.size() < maxCertificates) {
                try {
                    kept.add(certificateCache.parse(b, at, n));
                } catch (TlsFormatException e) {
                    counters.malformedCertificates++;
                }
            }
            at += n;
        }
    }

    /** The report of this flow's handshake. */
    public HandshakeRecord toRecord() {
        int client = clientSide >= 0 ? clientSide : 0;
        ClientHello first = clientHellos.isEmpty() ? null : clientHellos.get(0);
        ClientHello second = clientHellos.size() > 1 ? clientHellos.get(1) : null;
        String ja3 = first == null ? null : Ja3.client(first);
        String ja3s = serverHello == null ? null : Ja3.server(serverHello);
        Ja4 ja4 = first == null ? null : Ja4.of(first);
        boolean resumed = serverHello != null && first != null && (serverHello.selectedVersion() >= 0x0304
                ? serverHello.pskSelected()
                : sessionEchoed(second != null ? second : first));
        return new HandshakeRecord(timestamp != null ? timestamp : Instant.ofEpochSecond(0, lastSeenNanos),
                endpoint(client), endpoint(1 - client), first, second, serverHello, retried,
                ja3, ja3 == null ? null : Digests.md5(ja3), ja3s, ja3s == null ? null : Digests.md5(ja3s),
                ja4 == null ? null : ja4.ja4(), ja4 == null ? null : ja4.ja4Raw(),
                ja4 == null ? null : ja4.ja4Original(), ja4 == null ? null : ja4.ja4RawOriginal(),
                List.copyOf(certificates.get(1 - client)), List.copyOf(certificates.get(client)), resumed,
                handshakesRead() && directions[0].reader().state() == HandshakeReader.State.DONE
                        && directions[1].reader().state() == HandshakeReader.State.DONE);
    }

    private InetSocketAddress endpoint(int side) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addresses[side]), ports[side]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the decoder gives 4- or 16-byte addresses only", e);
        }
    }

    private boolean sessionEchoed(ClientHello hello) {
        return hello.sessionId().length > 0 && Arrays.equals(hello.sessionId(), serverHello.sessionId());
    }
}
