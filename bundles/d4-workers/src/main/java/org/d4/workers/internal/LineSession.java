// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A line-based session (log lines, dnscap, NDJSON, passivedns, extended types): each payload is
 * archived as received, then its complete lines that pass the filter are queued together with the
 * archive position they reach ({@link LineProgress}), so a crash loses none and repeats none.
 * Problems are counted and logged once, when the session ends, so a noisy sensor cannot flood the log.
 */
final class LineSession extends ArchivingSession {
    private static final Logger LOG = LoggerFactory.getLogger(LineSession.class);
    private static final int SAMPLE_CHARS = 200;

    private final QueueRoute route;
    private final LineFilter filter;
    private final LineProgress progress;
    private final int maxLineBytes;

    /** {@code progress} queues the lines; it learns of the archive's new files from the archive itself. */
    LineSession(SessionInfo info, ArchiveOutput archive, QueueRoute route, LineFilter filter, LineProgress progress, int maxLineBytes,
            Consumer<ArchivingSession> onEnd) {
        super(info, archive, onEnd);
        this.route = route;
        this.filter = filter;
        this.progress = progress;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    protected void receive(ByteBuffer payload) throws IOException {
        // on disk first: a queue that blocks (backpressure) must not hold back the archive
        archive.write(payload.duplicate());
        progress.received(payload, route.wanted() || filter.seesEveryLine());
    }

    @Override
    protected void receiveAll(List<ByteBuffer> payloads) throws IOException {
        ByteBuffer[] views = new ByteBuffer[payloads.size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = payloads.get(i).duplicate();
        }
        archive.write(views);
        boolean wanted = route.wanted() || filter.seesEveryLine();
        for (ByteBuffer payload : payloads) {
            progress.advance(payload, wanted);
        }
        progress.pushIfMoved();   // one change of the queue store for all of them
    }

    @Override
    protected void endOfData(boolean byPeer) {
        progress.finish();
        LineAssembler lines = progress.lines();
        String what = ArchiveLayout.typeFolder(info.type(), info.extendedType());
        if (lines.cutLines() > 0) {
            LOG.warn("Sensor {} (type {}): {} lines longer than {} bytes were cut to that length, {} bytes dropped",
                    info.sensor(), what, lines.cutLines(), maxLineBytes, lines.droppedBytes());
        }
        if (progress.refusedLines() > 0) {
            LOG.warn("Sensor {} (type {}): {} lines were not {} and were not queued (kept in the archive), the first: {}",
                    info.sensor(), what, progress.refusedLines(), filter.expected(), sample(progress.firstRefused()));
        }
    }

    long cutLines() {
        return progress.lines().cutLines();
    }

    long refusedLines() {
        return progress.refusedLines();
    }

    /** The start of a line as printable text: no control characters reach the log. */
    static String sample(byte[] line) {
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
