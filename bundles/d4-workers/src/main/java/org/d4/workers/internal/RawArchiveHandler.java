// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.d4.api.ingest.PayloadHandler;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;
import org.d4.common.ApplianceDirs;
import org.d4.common.DaemonThreads;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback worker for every type: keeps each session's payloads byte for byte in
 * {@code data/archive/<uuid>/<type>/YYYY/MM/DD/}, so nothing accepted is ever lost even when no
 * specialised worker handles the type. Open files are forced to disk at every flush interval.
 */
@Component(configurationPid = "d4.workers", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = Constants.SERVICE_RANKING + ":Integer=-1000")
@Designate(ocd = RawArchiveHandler.Config.class)
public final class RawArchiveHandler implements PayloadHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RawArchiveHandler.class);

    @ObjectClassDefinition(name = "D4 type workers", description = "Where and how accepted data is kept")
    @interface Config {
        @AttributeDefinition(name = "Archive folder", description = "Relative to the image root")
        String archive_dir() default "data/archive";

        @AttributeDefinition(name = "Flush interval (ms)", min = "10", description = "Longest time accepted data waits before it is forced to disk")
        long flush_interval_ms() default 1000;
    }

    private final Path archive;
    private final Set<RawArchiveSession> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService flusher;

    @Activate
    public RawArchiveHandler(BundleContext context, Config config) {
        this.archive = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).resolve(config.archive_dir());
        this.flusher = DaemonThreads.scheduler("d4-archive-flush");
    }

    @Activate
    void start(Config config) {
        flusher.scheduleWithFixedDelay(this::flushAll, config.flush_interval_ms(), config.flush_interval_ms(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        flusher.shutdownNow();
        flushAll();
    }

    @Override
    public PayloadSession open(SessionInfo session) throws IOException {
        RawArchiveSession s = new RawArchiveSession(archive, session, open::remove);
        open.add(s);
        return s;
    }

    private void flushAll() {
        for (RawArchiveSession s : open) {
            try {
                s.flush();
            } catch (IOException e) {
                LOG.error("Cannot flush {}: {}", s, e.getMessage());
            }
        }
    }
}
