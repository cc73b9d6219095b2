// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line-based session (log lines, dnscap, NDJSON, passivedns, extended types): each payload is
 * archived as received, and each complete line that passes the filter is queued on its own.
 * Problems are counted and logged once, when the session ends, so a noisy sensor cannot flood the log.
 */
final class LineSession extends ArchivingSession {
    private static final Logger LOG = LoggerFactory.getLogger(LineSession.class);
    private static final int SAMPLE_CHARS = 200;

    private final QueueRoute route;
    private final LineFilter filter;
    private final LineAssembler lines;
    private final int maxLineBytes;
    private long refused;
    private String refusedSample;

    LineSession(SessionInfo info, ArchiveOutput archive, QueueRoute route, LineFilter filter, int maxLineBytes,
            Consumer<ArchivingSession> onEnd) {
        super(info, archive, onEnd);
        this.route = route;
        this.filter = filter;
        this.maxLineBytes = maxLineBytes;
        this.lines = new LineAssembler(maxLineBytes, this::line);
    }

    @Override
    protected void receive(ByteBuffer payload) throws IOException {
        // on disk first: a queue that blocks (backpressure) must not hold back the archive
        archive.write(payload.duplicate());
        if (route.wanted()) {
            lines.feed(payload);
        } else {
            lines.skip(payload);
        }
    }

    private void line(byte[] line) {
        if (filter.accepts(line)) {
            route.push(line);
        } else if (refused++ == 0) {
            refusedSample = sample(line);
        }
    }

    @Override
    protected void endOfData(boolean byPeer) {
        lines.finish();
        String what = ArchiveLayout.typeFolder(info.type(), info.extendedType());
        if (lines.cutLines() > 0) {
            LOG.warn("Sensor {} (type {}): {} lines longer than {} bytes were cut to that length, {} bytes dropped",
                    info.sensor(), what, lines.cutLines(), maxLineBytes, lines.droppedBytes());
        }
        if (refused > 0) {
            LOG.warn("Sensor {} (type {}): {} lines were not {} and were not queued (kept in the archive), the first: {}",
                    info.sensor(), what, refused, filter.expected(), refusedSample);
        }
    }

    long cutLines() {
        return lines.cutLines();
    }

    long refusedLines() {
        return refused;
    }

    /** The start of a line as printable text: no control characters reach the log. */
    private static String sample(byte[] line) {
        String text = new String(line, StandardCharsets.UTF_8);
        if (text.length() > SAMPLE_CHARS) {
            text = text.substring(0, SAMPLE_CHARS) + "...";
        }
        StringBuilder printable = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                printable.append(String.format("\\x%02x", c));
            } else {
                printable.appendCodePoint(c);
            }
        });
        return printable.append('"').toString();
    }
}
