// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.d4.client.source.CaptureSource;
import org.d4.client.source.Source;
import org.d4.fingerprint.FlowLimits;
import org.d4.fingerprint.TlsFingerprinter;

/**
 * The handshakes of a capture as JSON lines (the {@code tlsf} command's records), for a type-254
 * stream with the meta header {@code {"type":"ja3-jl"}}. A thread of its own reads the capture; at
 * most {@value #QUEUED_LINES} lines wait for the connection, then the capture waits too.
 */
public final class FingerprintSource implements Source {
    static final int QUEUED_LINES = 256;
    private static final byte[] END = new byte[0];

    private final InputStream capture;
    private final String name;
    private final BlockingQueue<byte[]> lines = new ArrayBlockingQueue<>(QUEUED_LINES);
    private final Thread reader;
    private volatile IOException failure;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    /** Starts reading {@code capture} (a pcap or pcapng stream) at once. */
    public FingerprintSource(InputStream capture, String name) {
        this.capture = capture;
        this.name = name;
        RecordJson json = new RecordJson(new ObjectMapper());
        this.reader = new Thread(() -> {
            TlsFingerprinter fingerprinter = new TlsFingerprinter(FlowLimits.defaults(),
                    r -> offer((json.toLine(r) + "\n").getBytes(StandardCharsets.UTF_8)));
            try {
                fingerprinter.readCapture(capture);
            } catch (IOException e) {
                if (!closed) {
                    failure = new IOException(name + ": " + e.getMessage(), e);
                }
            } finally {
                offer(END);
            }
        }, "tlsf " + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Live capture on {@code interfaceName} through libpcap, as {@code pcap:} sources. */
    public static FingerprintSource live(String interfaceName, String filter) throws IOException {
        CaptureSource capture = CaptureSource.live(interfaceName, filter == null || filter.isBlank() ? TlsfOptions.DEFAULT_FILTER : filter);
        return new FingerprintSource(new BufferedInputStream(new TlsfCommand.SourceStream(capture), 1 << 16), "capture on " + interfaceName);
    }

    /** A pcap or pcapng file, read once. */
    public static FingerprintSource file(Path file) throws IOException {
        return new FingerprintSource(new BufferedInputStream(Files.newInputStream(file), 1 << 16), "capture file " + file);
    }

    private void offer(byte[] line) {
        try {
            while (!closed && !lines.offer(line, 100, TimeUnit.MILLISECONDS)) {
                // the connection is slow: wait for it (the capture is not read meanwhile)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
        while (position == current.length) {
            if (ended || closed) {
                return -1;
            }
            byte[] next = lines.poll(100, TimeUnit.MILLISECONDS);
            if (next == END) {
                ended = true;
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            if (next != null) {
                current = next;
                position = 0;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    @Override
    public String describe() {
        return "TLS fingerprints of " + name;
    }

    @Override
    public void close() {
        closed = true;
        try {
            capture.close();
        } catch (IOException e) {
            // closing only breaks the reader off
        }
        reader.interrupt();
    }
}
