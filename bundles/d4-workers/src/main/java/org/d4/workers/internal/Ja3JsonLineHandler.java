// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import com.fasterxml.jackson.core.JsonFactory;
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
 * Extended type {@code ja3-jl}: JSON lines of JA3 fingerprints. Only lines that are one JSON object
 * are queued (analyzers parse each item as such); the others are counted and stay in the archive.
 * Ranked above the generic line handler, which otherwise takes every extended type.
 */
@Component(service = PayloadHandler.class, property = {PayloadHandler.TYPES + ":Integer=254",
        PayloadHandler.EXTENDED_TYPES + "=ja3-jl", Constants.SERVICE_RANKING + ":Integer=10"})
public final class Ja3JsonLineHandler implements PayloadHandler {
    private final WorkerContext context;
    private final QueueService queues;
    private final LineFilter jsonObjects = new JsonObjectLineFilter(new JsonFactory());

    @Activate
    public Ja3JsonLineHandler(@Reference WorkerContext context, @Reference QueueService queues) {
        this.context = context;
        this.queues = queues;
    }

    @Override
    public PayloadSession open(SessionInfo info) throws IOException {
        return context.lineSession(info, queues.route(info.type(), info.extendedType(), info.sensor()), jsonObjects);
    }
}
