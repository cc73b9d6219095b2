// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.queue.QueueItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each item to the sink before returning, so an item leaves the queue only once written
 * (at least once). While the sink is down it keeps the item and retries, the pause doubling from
 * the first to the longest configured; the items behind it wait in the durable queue, in order.
 * An item the sink can never carry is refused, and the analyzer host sets it aside as a dead letter.
 */
final class ExportAnalyzer implements Analyzer {
    private static final Logger LOG = LoggerFactory.getLogger(ExportAnalyzer.class);

    private final ExportSettings settings;
    private final Framing framing;
    private final Sink sink;
    private final ExportStats stats = new ExportStats();
    private volatile boolean stopped;
    private boolean everConnected;

    ExportAnalyzer(ExportSettings settings, Sink sink) {
        this.settings = settings;
        this.sink = sink;
        this.framing = new Framing(settings.sink(), settings.newline(), settings.syslog());
    }

    @Override
    public void analyze(QueueItem item) throws Exception {
        byte[] frame;
        try {
            frame = framing.frame(item);
        } catch (ItemRejectedException e) {
            stats.rejected(e.getMessage(), Instant.now());
            throw e;
        }
        long pause = settings.backoffInitialMillis();
        while (true) {
            if (stopped) {
                // not written: the item stays in the queue for the next start
                throw new InterruptedException("export " + settings.name() + " stopped");
            }
            try {
                if (!sink.isOpen()) {
                    sink.open();
                    if (everConnected) {
                        stats.reconnected();
                        LOG.info("Export {} reconnected to {}", settings.name(), settings.target());
                    }
                    everConnected = true;
                }
                sink.write(frame);
                stats.written(Instant.now());
                return;
            } catch (IOException | RuntimeException e) {
                sink.close();
                if (stopped) {
                    continue;
                }
                String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                stats.failed(reason, Instant.now());
                LOG.debug("Export {} to {} failed, next try in {} ms: {}", settings.name(), settings.target(), pause, reason);
                Thread.sleep(pause);
                pause = Math.min(settings.backoffMaxMillis(), pause * 2);
            }
        }
    }

    @Override
    public Map<String, Object> details() {
        return stats.view(settings.target(), sink.isOpen());
    }

    ExportStats stats() {
        return stats;
    }

    /** Ends a write blocked on a stalled receiver; the item in hand stays queued. */
    void stop() {
        stopped = true;
        sink.close();
    }
}
