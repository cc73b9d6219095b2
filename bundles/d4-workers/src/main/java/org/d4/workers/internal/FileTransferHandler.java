// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.d4.api.ingest.PayloadHandler;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueService;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Extended types {@code filewatcher} and {@code filewatcherjson}: files sent one per line, each
 * kept once under the archive's {@code files} folders and its path queued ({@link FileTransferSession}).
 * Ranked above the generic line handler, which otherwise takes every extended type.
 */
@Component(service = PayloadHandler.class, configurationPid = "d4.workers.files", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {PayloadHandler.TYPES + ":Integer=254",
                PayloadHandler.EXTENDED_TYPES + "=" + FileTransferRules.FILEWATCHER,
                PayloadHandler.EXTENDED_TYPES + "=" + FileTransferRules.FILEWATCHER_JSON,
                Constants.SERVICE_RANKING + ":Integer=10"})
@Designate(ocd = FileTransferConfig.class)
public final class FileTransferHandler implements PayloadHandler {
    private final WorkerContext context;
    private final QueueService queues;
    private final long maxFileBytes;
    private final Clock clock;
    private final Set<FileTransferSession> open = ConcurrentHashMap.newKeySet();

    @Activate
    public FileTransferHandler(@Reference WorkerContext context, @Reference QueueService queues, FileTransferConfig config) {
        this(context, queues, config.max_file_bytes(), Clock.systemUTC());
    }

    FileTransferHandler(WorkerContext context, QueueService queues, long maxFileBytes, Clock clock) {
        this.context = context;
        this.queues = queues;
        this.maxFileBytes = Math.max(1, maxFileBytes);
        this.clock = clock;
    }

    @Override
    public PayloadSession open(SessionInfo info) throws IOException {
        FileTransferRules rules = FileTransferRules.of(info, maxFileBytes);
        FileTransferSession session = new FileTransferSession(info, rules, context.archiveRoot(),
                queues.route(info.type(), info.extendedType(), info.sensor()), clock, open::remove);
        open.add(session);
        return session;
    }

    @Deactivate
    void stop() {
        for (FileTransferSession session : List.copyOf(open)) {
            session.retire();
        }
        open.clear();
    }
}
