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
 * Type 1, pcap: checks the libpcap stream, archives it as rotated {@code .cap.gz} files and queues
 * the path of each finished file. A stream that is not libpcap 2.x (pcapng included) is refused
 * with "incorrect file format", as the reference server does.
 */
@Component(service = PayloadHandler.class, property = {PayloadHandler.TYPES + ":Integer=1", Constants.SERVICE_RANKING + ":Integer=0"})
public final class PcapHandler implements PayloadHandler {
    private final WorkerContext context;
    private final QueueService queues;

    @Activate
    public PcapHandler(@Reference WorkerContext context, @Reference QueueService queues) {
        this.context = context;
        this.queues = queues;
    }

    @Override
    public PayloadSession open(SessionInfo info) throws IOException {
        RotatingArchive files = context.rotatingArchive(info, "cap",
                context.fileProgress(info, queues.route(info.type(), info.extendedType(), info.sensor())));
        return context.track(new PcapSession(info, files, context::untrack));
    }
}
