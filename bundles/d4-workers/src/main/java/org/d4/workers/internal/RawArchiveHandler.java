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
 * The fallback worker for every type without a specialised one (e.g. 5 pcapng, 7 YAF): keeps each
 * session's payloads byte for byte in {@code data/archive/<uuid>/<type>/YYYY/MM/DD/}, so nothing
 * accepted is lost, and queues each payload as one chunk. Open files are forced to disk at every
 * flush interval.
 */
@Component(service = PayloadHandler.class, property = Constants.SERVICE_RANKING + ":Integer=-1000")
public final class RawArchiveHandler implements PayloadHandler {
    private final WorkerContext context;
    private final QueueService queues;

    @Activate
    public RawArchiveHandler(@Reference WorkerContext context, @Reference QueueService queues) {
        this.context = context;
        this.queues = queues;
    }

    @Override
    public PayloadSession open(SessionInfo info) throws IOException {
        return context.track(new RawArchiveSession(info, context.dailyRawFile(info),
                queues.route(info.type(), info.extendedType(), info.sensor()), context::untrack));
    }
}
