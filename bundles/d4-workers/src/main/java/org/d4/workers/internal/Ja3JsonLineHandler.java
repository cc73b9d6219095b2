// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.util.Optional;
import org.d4.api.ingest.PayloadHandler;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueService;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Extended type {@code ja3-jl}: JSON lines of TLS fingerprints. Only lines that are one JSON object
 * are queued (analyzers parse each item as such); the others are counted and stay in the archive.
 * As the reference server does, the certificates the records carry are kept as DER files
 * ({@link CertificateFiles}). Ranked above the generic line handler, which otherwise takes every extended type.
 */
@Component(service = PayloadHandler.class, configurationPid = "d4.workers.ja3", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {PayloadHandler.TYPES + ":Integer=254", PayloadHandler.EXTENDED_TYPES + "=" + Ja3JsonLineHandler.TYPE,
                Constants.SERVICE_RANKING + ":Integer=10"})
@Designate(ocd = Ja3Config.class)
public final class Ja3JsonLineHandler implements PayloadHandler {
    static final String TYPE = "ja3-jl";

    private final WorkerContext context;
    private final QueueService queues;
    private final LineFilter jsonObjects = new JsonObjectLineFilter(new JsonFactory());
    private final CertificateFiles certificates;    // null when they are not kept

    @Activate
    public Ja3JsonLineHandler(@Reference WorkerContext context, @Reference QueueService queues, Ja3Config config) {
        this(context, queues, config.save_certificates(), config.max_certificate_bytes());
    }

    Ja3JsonLineHandler(WorkerContext context, QueueService queues, boolean saveCertificates, int maxCertificateBytes) {
        this.context = context;
        this.queues = queues;
        this.certificates = saveCertificates ? new CertificateFiles(context.archiveRoot(),
                ArchiveLayout.typeFolder(254, Optional.of(TYPE)), Math.max(64, maxCertificateBytes)) : null;
    }

    @Override
    public PayloadSession open(SessionInfo info) throws IOException {
        LineFilter filter = certificates == null ? jsonObjects : new CertificateSavingFilter(jsonObjects, certificates, info.sensor());
        return context.lineSession(info, queues.route(info.type(), info.extendedType(), info.sensor()), filter);
    }

    /** The certificate files and their counters; empty when certificates are not kept. */
    Optional<CertificateFiles> certificates() {
        return Optional.ofNullable(certificates);
    }
}
