// SPDX-License-Identifier: Apache-2.0
package org.d4.fingerprint.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.d4.fingerprint.FlowLimits;
import org.d4.fingerprint.TlsFingerprinter;
import org.d4.fingerprint.capture.CaptureReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Packets per second through the whole pipeline (pcap reader, decoder, flow table, reassembly, TLS
 * parsing, fingerprints, certificates) on one core, for a pcap of mixed HTTPS traffic built from the
 * recorded TLS 1.3 connection (16 packets): each copy gets its own client address and port, and
 * in {@link #mixedHttps} carries {@link #DATA_PACKETS} full-sized application-data packets after its
 * handshake, as a connection of a few hundred kilobytes would. One operation is one packet.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FingerprintBenchmark {

    static final int CONNECTIONS = 500;
    static final int DATA_PACKETS = 200;
    static final int HANDSHAKE_PACKETS = 16;
    /** The recorded connection's 16 packets plus the application data. */
    static final int PACKETS_PER_CONNECTION = HANDSHAKE_PACKETS + DATA_PACKETS;
    static final int HANDSHAKE_CONNECTIONS = 20_000;
    static final int CERTIFICATE_CONNECTIONS = 2_000;

    private byte[] capture;
    private byte[] handshakesOnly;
    private byte[] tls12Certificates;

    @Setup
    public void build() throws IOException {
        List<byte[]> tls13 = frames(read("tls13-ipv4.pcap"));
        capture = build(tls13, CONNECTIONS, DATA_PACKETS);
        handshakesOnly = build(tls13, HANDSHAKE_CONNECTIONS, 0);
        List<byte[]> resumption = frames(read("resumption.pcap"));
        int firstClient = port(resumption.get(0), 34);
        List<byte[]> tls12 = resumption.stream().filter(f -> port(f, 34) == firstClient || port(f, 36) == firstClient).toList();
        tls12Certificates = build(tls12, CERTIFICATE_CONNECTIONS, 0);
    }

    private static int port(byte[] frame, int at) {
        return (frame[at] & 0xff) << 8 | (frame[at + 1] & 0xff);
    }

    private static byte[] build(List<byte[]> frames, int connections, int dataPackets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2)
                .putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1).array());
        int clientPort = port(frames.get(0), 34);
        List<byte[]> open = frames.stream().filter(f -> (f[14 + 20 + 13] & 0x05) == 0).toList();
        List<byte[]> closing = frames.stream().filter(f -> (f[14 + 20 + 13] & 0x05) != 0).toList();
        byte[] dataFrame = dataPacket(open.get(open.size() - 1));
        long time = 1_700_000_000L;
        for (int c = 0; c < connections; c++) {
            for (byte[] template : open) {
                write(out, time, relabel(template, clientPort, c));
            }
            for (int d = 0; d < dataPackets; d++) {
                write(out, time, relabel(dataFrame, clientPort, c));
            }
            for (byte[] template : closing) {
                write(out, time, relabel(template, clientPort, c));
            }
        }
        return out.toByteArray();
    }

    /** Connections of 216 packets: 16 of handshake and close, 200 of application data. */
    @Benchmark
    @OperationsPerInvocation(CONNECTIONS * PACKETS_PER_CONNECTION)
    public void mixedHttps(Blackhole hole) throws IOException {
        run(capture, CONNECTIONS, hole);
    }

    /** Connections of 16 packets: handshake and close only, the worst case per packet. */
    @Benchmark
    @OperationsPerInvocation(HANDSHAKE_CONNECTIONS * HANDSHAKE_PACKETS)
    public void handshakesOnly(Blackhole hole) throws IOException {
        run(handshakesOnly, HANDSHAKE_CONNECTIONS, hole);
    }

    /**
     * The first connection of resumption.pcap, a full TLS 1.2 handshake with a two-certificate RSA
     * chain parsed by BouncyCastle. One operation is one handshake here, not one packet.
     */
    @Benchmark
    @OperationsPerInvocation(CERTIFICATE_CONNECTIONS)
    public void tls12Certificates(Blackhole hole) throws IOException {
        run(tls12Certificates, CERTIFICATE_CONNECTIONS, hole);
    }

    private static void run(byte[] pcap, int connections, Blackhole hole) throws IOException {
        TlsFingerprinter f = new TlsFingerprinter(FlowLimits.defaults(), hole::consume);
        f.readCapture(new ByteArrayInputStream(pcap));
        if (f.counters().handshakesReported() != connections || f.counters().flowsCreated() != connections) {
            throw new IllegalStateException(f.counters().toString());
        }
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = FingerprintBenchmark.class.getResourceAsStream("/captures/" + name)) {
            return in.readAllBytes();
        }
    }

    private static List<byte[]> frames(byte[] pcap) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        new CaptureReader(new ByteArrayInputStream(pcap)).readAll((link, ts, data, offset, length) ->
                frames.add(Arrays.copyOfRange(data, offset, offset + length)));
        return frames;
    }

    /** A 1,400-byte application-data record on the headers of a packet of the open connection. */
    private static byte[] dataPacket(byte[] last) {
        int tcpHeader = ((last[14 + 20 + 12] & 0xff) >>> 4) * 4;
        int headers = 14 + 20 + tcpHeader;
        byte[] frame = Arrays.copyOf(last, headers + 1400);
        int total = 20 + tcpHeader + 1400;
        frame[14 + 2] = (byte) (total >>> 8);
        frame[14 + 3] = (byte) total;
        frame[headers] = 23;
        frame[headers + 1] = 3;
        frame[headers + 2] = 3;
        frame[headers + 3] = (byte) ((1400 - 5) >>> 8);
        frame[headers + 4] = (byte) (1400 - 5);
        return frame;
    }

    /** The same frame as if from client {@code c}: its own address and port, both directions. */
    private static byte[] relabel(byte[] template, int clientPort, int c) {
        byte[] f = template.clone();
        int source = (f[34] & 0xff) << 8 | (f[35] & 0xff);
        int port = 10_000 + c % 50_000;
        if (source == clientPort) {
            f[34] = (byte) (port >>> 8);
            f[35] = (byte) port;
            f[14 + 12 + 2] = (byte) (c / 50_000 + 2);
        } else {
            f[36] = (byte) (port >>> 8);
            f[37] = (byte) port;
            f[14 + 16 + 2] = (byte) (c / 50_000 + 2);
        }
        return f;
    }

    private static void write(ByteArrayOutputStream out, long seconds, byte[] frame) {
        out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt((int) seconds).putInt(0)
                .putInt(frame.length).putInt(frame.length).array());
        out.writeBytes(frame);
    }
}
