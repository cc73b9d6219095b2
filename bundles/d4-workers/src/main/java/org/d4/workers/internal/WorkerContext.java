// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueRoute;
import org.d4.api.queue.QueueService;
import org.d4.common.ApplianceDirs;
import org.d4.common.DaemonThreads;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the type workers share, configured by PID {@code d4.workers}: the archive layout, the
 * compression threads, the flusher that forces open files to disk and rotates quiet ones, and the
 * crash recovery that runs when it starts, before any handler can open a session (every handler
 * references this component). A new configuration re-activates it, and with it every handler; the
 * sessions of the old one are finished and refuse further payloads, so their sensors reconnect.
 */
@Component(service = WorkerContext.class, immediate = true, configurationPid = "d4.workers",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WorkersConfig.class)
public final class WorkerContext {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerContext.class);
    private static final Duration COMPRESSION_GRACE = Duration.ofSeconds(20);

    private final WorkerSettings settings;
    private final QueueService queues;
    private final Clock clock;
    private final ArchiveLayout layout;
    private final ArchiveCompressor compressor;
    private final MetaHeaderFile metaHeaders = new MetaHeaderFile();
    private final ArchiveFile.Shared files;
    private final Set<ArchivingSession> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService flusher;
    private boolean stopped;    // guarded by open

    @Activate
    public WorkerContext(BundleContext context, WorkersConfig config, @Reference QueueService queues) {
        this(WorkerSettings.from(config, ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY))), queues,
                Clock.systemUTC());
    }

    WorkerContext(WorkerSettings settings, QueueService queues, Clock clock) {
        this.settings = settings;
        this.queues = queues;
        this.clock = clock;
        this.layout = new ArchiveLayout(settings.archive());
        this.compressor = new ArchiveCompressor(settings.compressionThreads(), settings.compressionLevel(), settings.directWrites());
        this.flusher = DaemonThreads.scheduler("d4-archive-flush");
        this.files = new ArchiveFile.Shared(OpenFileBudget.fromDescriptorLimit(), new DirectWrites(settings.directWrites()));
    }

    @Activate
    void start() {
        try {
            // the lines first, from the archive as the crash left it; then unfinished files are finished
            Map<Path, SeriesListener> listedFiles = new PositionRecovery(layout, queues, settings.maxLineBytes()).run();
            new ArchiveRecovery(layout, queues, listedFiles).run(compressor.lane());
        } catch (IOException | RuntimeException e) {
            // new data must still be taken: what was not recovered now is found at the next start
            LOG.error("Archive recovery in {} stopped: {}", layout.root(), e.getMessage());
        }
        long every = settings.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ArchivingSession> left;
        synchronized (open) {
            stopped = true;
            left = List.copyOf(open);
        }
        for (ArchivingSession session : left) {
            try {
                session.retire();
            } catch (IOException e) {
                LOG.warn("Cannot finish the archive of session {}: {}", session, e.getMessage());
            }
        }
        open.clear();
        compressor.shutdown(COMPRESSION_GRACE);
    }

    /** Rotates what is due and forces open files to disk; the flusher's task, callable from tests. */
    void tick() {
        for (ArchivingSession session : open) {
            try {
                session.tick();
            } catch (IOException e) {
                LOG.error("Cannot flush or rotate the archive of session {}: {}", session, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Cannot flush or rotate the archive of session {}", session, e); // a bug: keep the trace
            }
        }
    }

    /** The archive's root folder, absolute. */
    Path archiveRoot() {
        return layout.root();
    }

    /** A session's rotated archive; a type-254 session's first file is opened now, with its meta header beside it. */
    RotatingArchive rotatingArchive(SessionInfo info, String extension, SeriesListener listener) throws IOException {
        RotatingArchive archive = new RotatingArchive(layout, info.sensor(), ArchiveLayout.typeFolder(info.type(), info.extendedType()),
                extension, clock, settings.rotation(), compressor.lane(), listener, files);
        writeMetaHeader(info, archive);
        return archive;
    }

    /** A line session: payloads archived as rotated {@code .txt} files, lines that pass {@code filter} queued to {@code route}. */
    LineSession lineSession(SessionInfo info, QueueRoute route, LineFilter filter) throws IOException {
        ArchivePosition start = new ArchivePosition(ArchivePosition.Kind.LINES, info.sensor(), info.type(), info.extendedType(),
                filter.name(), false, 0, List.of());
        LineProgress progress = new LineProgress(queues, route, positionKey(), layout.root(), start, settings.maxLineBytes(), filter);
        RotatingArchive archive = rotatingArchive(info, "txt", progress);
        return track(new LineSession(info, archive, route, filter, progress, settings.maxLineBytes(), this::untrack));
    }

    /** Queues the paths of a session's finished files, each listed in the queue store from its opening to its push. */
    FileProgress fileProgress(SessionInfo info, QueueRoute route) {
        ArchivePosition start = new ArchivePosition(ArchivePosition.Kind.FILES, info.sensor(), info.type(), info.extendedType(), "",
                false, 0, List.of());
        return new FileProgress(queues, route, positionKey(), layout.root(), start);
    }

    private static String positionKey() {
        return ArchivePosition.KEY_PREFIX + UUID.randomUUID();
    }

    DailyRawFile dailyRawFile(SessionInfo info) throws IOException {
        DailyRawFile file = new DailyRawFile(layout, info, clock, files);
        writeMetaHeader(info, file);
        return file;
    }

    <S extends ArchivingSession> S track(S session) throws IOException {
        synchronized (open) {
            if (stopped) {
                throw new IOException("the type workers are stopping");
            }
            open.add(session);
        }
        return session;
    }

    void untrack(ArchivingSession session) {
        open.remove(session);
    }

    private void writeMetaHeader(SessionInfo info, ArchiveOutput archive) throws IOException {
        if (info.type() == 254) {
            try {
                metaHeaders.write(info, archive.openNow());
            } catch (IOException e) {
                archive.finish();
                throw e;
            }
        }
    }
}
