// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.d4.fingerprint.capture.CaptureReader;
import org.d4.fingerprint.capture.PacketDecoder;
import org.d4.fingerprint.capture.TcpSegment;

/** The recorded captures under src/test/resources/captures and the values tshark and openssl gave for them. */
final class Captures {

    static final List<String> FILES = List.of("tls13-ipv4.pcap", "tls12-mtls-ipv6.pcap", "tls10-11-sll2.pcap",
            "tls13-hrr.pcap", "resumption.pcap", "curl-gnutls-python.pcapng");

    private Captures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/captures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no capture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HandshakeRecord> fingerprint(String name, FlowLimits limits) throws IOException {
        List<HandshakeRecord> records = new ArrayList<>();
        TlsFingerprinter fingerprinter = new TlsFingerprinter(limits, records::add);
        fingerprinter.readCapture(new java.io.ByteArrayInputStream(bytes(name)));
        return records;
    }

    /** Rows of a tab-separated expectation file, every row padded to {@code columns}. */
    static List<String[]> table(String name, int columns) {
        List<String[]> rows = new ArrayList<>();
        for (String line : new String(bytes(name), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                rows.add(Arrays.copyOf(line.split("\t", -1), columns));
            }
        }
        return rows;
    }

    /** Every TCP segment of a capture, copied out of the reader's buffer. */
    static List<TcpSegment> segments(String name) throws IOException {
        List<TcpSegment> segments = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        new CaptureReader(new java.io.ByteArrayInputStream(bytes(name))).readAll((link, ts, data, offset, length) -> {
            TcpSegment s = decoder.decode(link, ts, data, offset, length);
            if (s != null) {
                byte[] payload = Arrays.copyOfRange(s.data(), s.payloadOffset(), s.payloadOffset() + s.payloadLength());
                segments.add(new TcpSegment(s.timestampNanos(), s.sourceAddress(), s.sourcePort(), s.destinationAddress(),
                        s.destinationPort(), s.sequence(), s.flags(), payload, 0, payload.length));
            }
        });
        return segments;
    }

    /** The bytes one side sent, in sequence order (the captures have no loss). */
    static byte[] stream(List<TcpSegment> segments, int sourcePort) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        segments.stream().filter(s -> s.sourcePort() == sourcePort)
                .forEach(s -> out.write(s.data(), s.payloadOffset(), s.payloadLength()));
        return out.toByteArray();
    }
}
