// SPDX-License-Identifier: Apache-2.0
package org.d4.client.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.d4.client.config.SensorConfig;
import org.d4.client.net.Destination;
import org.d4.client.net.Link;
import org.d4.client.source.Source;
import org.d4.client.source.UnitSource;
import org.d4.protocol.D4Type;
import org.d4.protocol.FrameEncoder;
import org.d4.protocol.FrameHeader;

/**
 * One sensor stream: reads its source, cuts the data into frames of at most {@code snaplen} bytes,
 * signs them and writes them to the destination, on the calling thread. A frame holds what the
 * source has at hand, up to snaplen, so a file or a busy pipe gives full frames (the same bytes as
 * the reference C client) and a quiet one is sent without waiting.
 *
 * <p>Every connection starts with the meta header (type 2) for type 254, and after a failure with
 * what {@link Resume} keeps (a pcap global header, the record or line in progress), then the frame
 * that failed. The source is not read while disconnected, so a slow or absent server holds the
 * producer back instead of filling memory. End of input sends a zero-size frame, as the C client does.
 */
public final class SensorClient {
    /** How a run ended. */
    public enum Outcome { ENDED, GAVE_UP, STOPPED }

    /** Frames are written in batches of about this size (or fewer when the source is quiet). */
    static final int FLUSH_BYTES = 1 << 16;

    private final SensorConfig config;
    private final Source source;
    private final Destination destination;
    private final Duration retryDelay;
    private final int maxAttempts;
    private final LongSupplier clock;
    private final ClientLog log;
    private final ClientCounters counters;
    private final FrameEncoder encoder;
    private final Resume resume;
    private final byte[] frame;
    private final byte[] pending;
    private int pendingLength;
    private volatile boolean stopped;
    private volatile Link link;
    private volatile Thread runner;

    /**
     * @param retryDelay pause before reconnecting; zero gives up at the first failure
     * @param maxAttempts failed connection attempts in a row before giving up, 0 for never
     * @param clock seconds since the epoch for each frame's timestamp
     */
    public SensorClient(SensorConfig config, Source source, Destination destination, Duration retryDelay, int maxAttempts,
            LongSupplier clock, ClientLog log, ClientCounters counters) {
        this.config = config;
        this.source = source;
        this.destination = destination;
        this.retryDelay = retryDelay;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.log = log;
        this.counters = counters;
        this.encoder = new FrameEncoder(config.key());
        this.resume = source instanceof UnitSource units ? new UnitResume(units) : Resume.forType(config.type());
        this.frame = new byte[FrameEncoder.frameLength(config.snaplen())];
        this.pending = new byte[FLUSH_BYTES + frame.length];
    }

    public ClientCounters counters() {
        return counters;
    }

    /** True while a connection is open and its peer has not closed it (as far as is known yet). */
    public boolean connected() {
        Link l = link;
        return l != null && l.closeReason() == null && "streaming".equals(counters.state());
    }

    /** Streams until the source ends, the client gives up, or {@link #stop()}. */
    public Outcome run() {
        runner = Thread.currentThread();
        byte[] data = new byte[config.snaplen()];
        try {
            link = connect(null);
            while (!stopped) {
                int n = fill(data);
                if (n < 0) {
                    append(data, 0);
                    flushPending();
                    link.finish();
                    counters.state("ended");
                    log.info("end of " + source.describe() + ": " + counters.frames() + " frames, " + counters.bytes() + " bytes sent");
                    return Outcome.ENDED;
                }
                if (n == 0) {
                    flushPending();
                    newStream();
                    continue;
                }
                append(data, n);
                if (pendingLength >= FLUSH_BYTES || source.available() == 0) {
                    flushPending();
                }
            }
            return stoppedOutcome();
        } catch (GiveUp e) {
            if (stopped) {
                return stoppedOutcome();
            }
            counters.state("gave up");
            log.warn(e.getMessage());
            return Outcome.GAVE_UP;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stoppedOutcome();
        } catch (IOException e) {
            if (stopped) {
                return stoppedOutcome();
            }
            counters.error("reading " + source.describe() + ": " + e.getMessage());
            counters.state("gave up");
            log.warn("cannot read " + source.describe() + ": " + e.getMessage());
            return Outcome.GAVE_UP;
        } finally {
            Link l = link;
            if (l != null) {
                l.close();
            }
            source.close();
        }
    }

    /** Stops a running {@link #run()} from another thread: closes the source and the connection. */
    public void stop() {
        stopped = true;
        source.close();
        Link l = link;
        if (l != null) {
            l.close();
        }
        Thread t = runner;
        if (t != null) {
            t.interrupt();
        }
    }

    private Outcome stoppedOutcome() {
        counters.state("stopped");
        return Outcome.STOPPED;
    }

    /** Reads what the source has at hand, up to snaplen; blocks only for the first bytes. */
    private int fill(byte[] data) throws IOException, InterruptedException {
        int n = source.read(data, 0, data.length);
        while (n > 0 && n < data.length && source.available() > 0) {
            int more = source.read(data, n, data.length - n);
            if (more <= 0) {
                break;
            }
            n += more;
        }
        return n;
    }

    /** A new stream from the source: a pcap stream gets a connection (and so a capture file) of its own. */
    private void newStream() throws IOException, InterruptedException, GiveUp {
        resume.reset();
        if (config.type() == D4Type.PCAP.number()) {
            link.finish();
            link = connect(null);
        }
    }

    /** Encodes one data frame into the pending frames. */
    private void append(byte[] data, int n) {
        encoder.encode(config.type(), config.uuid(), clock.getAsLong(), ByteBuffer.wrap(data, 0, n),
                ByteBuffer.wrap(pending, pendingLength, pending.length - pendingLength));
        pendingLength += FrameHeader.HEADER_SIZE + n;
    }

    /**
     * Writes the pending frames, reconnecting until they went out or the client gives up. Only then
     * does {@link Resume} learn of them: after a failure the new connection gets the preamble (the
     * state before these frames), then all of them again.
     */
    private void flushPending() throws InterruptedException, GiveUp {
        if (pendingLength == 0) {
            return;
        }
        while (true) {
            try {
                link.out().write(pending, 0, pendingLength);
                link.out().flush();
                break;
            } catch (IOException e) {
                reconnect(e);
            }
        }
        ByteBuffer frames = ByteBuffer.wrap(pending, 0, pendingLength);
        while (frames.hasRemaining()) {
            int size = (int) WireSize.of(frames);
            resume.sent(pending, frames.position() + FrameHeader.HEADER_SIZE, size);
            counters.frames.incrementAndGet();
            counters.bytes.addAndGet(size);
            frames.position(frames.position() + FrameHeader.HEADER_SIZE + size);
        }
        pendingLength = 0;
    }

    private void reconnect(IOException e) throws InterruptedException, GiveUp {
        if (stopped) {
            throw new GiveUp("stopped");
        }
        Link old = link;
        String reason = old.closeReason() != null ? old.closeReason() : e.getMessage();
        old.close();
        counters.error(destination.describe() + ": " + reason);
        counters.reconnects.incrementAndGet();
        if (retryDelay.isZero()) {
            throw new GiveUp("connection to " + destination.describe() + " lost (" + reason + "); not retrying (-rt 0)");
        }
        log.warn("connection to " + destination.describe() + " lost (" + reason + "); reconnecting in " + retryDelay.toMillis() + " ms");
        pause();
        link = connect(reason);
    }

    /** Opens a connection and sends its preamble, retrying with the configured delay. */
    private Link connect(String previousFailure) throws InterruptedException, GiveUp {
        int attempts = 0;
        while (true) {
            if (stopped) {
                throw new GiveUp("stopped");
            }
            counters.state("connecting");
            Link l = null;
            try {
                l = destination.open();
                link = l;
                preamble(l);
                l.out().flush();
                counters.connections.incrementAndGet();
                counters.state("streaming");
                log.info("connected to " + destination.describe() + (previousFailure == null ? "" : " again"));
                return l;
            } catch (IOException e) {
                String reason = l != null && l.closeReason() != null ? l.closeReason() : e.getMessage();
                if (l != null) {
                    l.close();
                }
                attempts++;
                counters.error(destination.describe() + ": " + reason);
                if (retryDelay.isZero() || (maxAttempts > 0 && attempts >= maxAttempts)) {
                    throw new GiveUp("cannot connect to " + destination.describe() + " (" + reason + "); giving up after " + attempts
                            + (attempts == 1 ? " attempt" : " attempts"));
                }
                log.warn("cannot connect to " + destination.describe() + " (" + reason + "); attempt " + attempts
                        + (maxAttempts > 0 ? " of " + maxAttempts : "") + ", retrying in " + retryDelay.toMillis() + " ms");
                pause();
            }
        }
    }

    private void pause() throws InterruptedException {
        counters.state("waiting to reconnect");
        Thread.sleep(retryDelay.toMillis());
    }

    /** The meta header for type 254, then what a resumed stream needs before the frame that failed. */
    private void preamble(Link l) throws IOException {
        byte[] meta = config.metaHeader();
        if (config.type() == D4Type.EXTENDED.number() && meta != null) {
            writeChunked(l, D4Type.META_HEADER.number(), meta);
        }
        writeChunked(l, config.type(), resume.prefix());
    }

    private void writeChunked(Link l, int type, byte[] bytes) throws IOException {
        for (int off = 0; off < bytes.length; off += config.snaplen()) {
            writeFrame(l, type, bytes, off, Math.min(config.snaplen(), bytes.length - off));
        }
    }

    private void writeFrame(Link l, int type, byte[] data, int offset, int length) throws IOException {
        encoder.encode(type, config.uuid(), clock.getAsLong(), ByteBuffer.wrap(data, offset, length), ByteBuffer.wrap(frame));
        l.out().write(frame, 0, FrameHeader.HEADER_SIZE + length);
        counters.frames.incrementAndGet();
        counters.bytes.addAndGet(length);
    }

    /** The size field of the frame at a buffer's position. */
    private static final class WireSize {
        static long of(ByteBuffer frame) {
            int p = frame.position() + FrameHeader.SIZE_OFFSET;
            return (frame.get(p) & 0xFFL) | (frame.get(p + 1) & 0xFFL) << 8 | (frame.get(p + 2) & 0xFFL) << 16 | (frame.get(p + 3) & 0xFFL) << 24;
        }
    }

    /** The client cannot go on: the message says why. */
    private static final class GiveUp extends Exception {
        private static final long serialVersionUID = 1L;

        GiveUp(String message) {
            super(message);
        }
    }
}
