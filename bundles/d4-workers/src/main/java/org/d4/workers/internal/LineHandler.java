// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import org.d4.api.ingest.PayloadHandler;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueService;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Line-based types: 3 (log lines), 4 (dnscap), 6 (NDJSON), 8 (passivedns CSV) and, having no
 * {@code d4.extended.types}, every extended type (254) without a more specific handler. Each line
 * is queued; the payloads are archived as rotated {@code .txt.gz} files.
 */
@Component(service = PayloadHandler.class, property = {PayloadHandler.TYPES + ":Integer=3", PayloadHandler.TYPES + ":Integer=4",
        PayloadHandler.TYPES + ":Integer=6", PayloadHandler.TYPES + ":Integer=8", PayloadHandler.TYPES + ":Integer=254",
        Constants.SERVICE_RANKING + ":Integer=0"})
public final class LineHandler implements PayloadHandler {
    private final WorkerContext context;
    private final QueueService queues;

    @Activate
    public LineHandler(@Reference WorkerContext context, @Reference QueueService queues) {
        this.context = context;
        this.queues = queues;
    }

    @Override
    public PayloadSession open(SessionInfo info) throws IOException {
        return context.lineSession(info, queues.route(info.type(), info.extendedType(), info.sensor()), LineFilter.ANY);
    }
}
