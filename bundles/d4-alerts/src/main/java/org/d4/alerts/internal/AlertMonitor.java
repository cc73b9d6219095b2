// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.d4.api.alert.Alert;
import org.d4.api.alert.Alert.Kind;
import org.d4.api.alert.AlertService;
import org.d4.api.analyzer.AnalyzerCatalog;
import org.d4.api.queue.QueueService;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.security.TlsIdentity;
import org.d4.api.storage.KeyValueStore;
import org.d4.common.ApplianceDirs;
import org.d4.common.DaemonThreads;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the conditions every {@code check.interval.s}, keeps the alerts ({@link AlertBook}) and
 * posts each raise and resolution to Event Admin under {@code org/d4/alert/<kind>/RAISED|RESOLVED},
 * where the notifiers (and any other bundle) pick them up. Sensor errors are counted as the
 * registry reports them (its error events), the rest is polled.
 */
@Component(configurationPid = "d4.alerts", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {AlertService.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=" + SensorRegistry.TOPIC_SENSOR_ERROR)
@Designate(ocd = AlertsConfig.class)
public final class AlertMonitor implements AlertService, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AlertMonitor.class);
    /** Subjects tracked for errors, drops and failures: beyond it the least recent are forgotten. */
    static final int MAX_SUBJECTS = 10_000;

    private final EventAdmin events;
    private final QueueService queues;
    private final AlertBook book;
    private final SensorChecks sensorChecks;
    private final QueueChecks queueChecks;
    private final SystemChecks systemChecks;
    private final RecentEvents sensorErrors;
    private final ApplianceDirs dirs;
    private final Clock clock = Clock.systemUTC();
    private final int intervalS;
    private ScheduledExecutorService scheduler;
    private BundleContext context;
    private FrameworkListener startListener;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AnalyzerCatalog analyzers;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TlsIdentity identity;

    @Activate
    public AlertMonitor(@Reference KeyValueStore store, @Reference SensorRegistry registry, @Reference SensorStatistics statistics,
            @Reference QueueService queues, @Reference EventAdmin events, BundleContext context, AlertsConfig config) {
        this.events = events;
        this.queues = queues;
        this.dirs = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY));
        Duration window = Duration.ofSeconds(config.error_window_s());
        this.sensorErrors = new RecentEvents(window, Math.max(config.sensor_errors_count(), 1), MAX_SUBJECTS);
        this.book = new AlertBook(store, config.history_max());
        this.sensorChecks = new SensorChecks(registry, statistics, sensorErrors, config.sensor_errors_count());
        this.queueChecks = new QueueChecks(config.queue_fill_ratio(), new RecentEvents(window, 1, MAX_SUBJECTS),
                new RecentEvents(window, 1, MAX_SUBJECTS));
        this.systemChecks = new SystemChecks(config.disk_min_free_mb(), config.disk_min_free_percent(), config.certificate_warn_days());
        this.intervalS = config.check_interval_s();
    }

    /**
     * The first check waits for the framework to finish starting: the notifiers (and their
     * configurations) come up during the start, and Event Admin tells only the handlers there are.
     */
    @Activate
    void start(BundleContext context) {
        scheduler = DaemonThreads.scheduler("d4-alerts");
        this.context = context;
        if (context.getBundle(0).getState() == Bundle.ACTIVE) {
            scheduleChecks();
        } else {
            startListener = event -> {
                if (event.getType() == FrameworkEvent.STARTED) {
                    scheduleChecks();
                }
            };
            context.addFrameworkListener(startListener);
        }
    }

    private void scheduleChecks() {
        scheduler.scheduleWithFixedDelay(this::checkQuietly, Math.min(intervalS, 2), intervalS, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        if (startListener != null) {
            context.removeFrameworkListener(startListener);
        }
        scheduler.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        Object uuid = event.getProperty("uuid");
        if (uuid instanceof String s) {
            sensorErrors.add(s, clock.instant(), 1);
        }
    }

    @Override
    public List<Alert> active() {
        return book.active();
    }

    @Override
    public List<Alert> history(long before, int limit) {
        return book.history(before, Math.max(0, limit));
    }

    @Override
    public synchronized List<Alert> checkNow() {
        Instant now = clock.instant();
        Set<Kind> checked = EnumSet.of(Kind.SENSOR_SILENT, Kind.SENSOR_ERRORS, Kind.QUEUE_FILLING, Kind.QUEUE_DROPPING);
        List<Condition> found = new ArrayList<>(sensorChecks.check(now));
        Map<String, Boolean> activeKeys = new HashMap<>();
        book.active().forEach(a -> activeKeys.put(a.key(), true));
        found.addAll(queueChecks.checkQueues(queues.queues(), activeKeys::containsKey, now));
        AnalyzerCatalog catalog = analyzers;
        if (catalog != null) {
            found.addAll(queueChecks.checkAnalyzers(catalog.analyzers(), now));
            checked.add(Kind.ANALYZER_FAILING);
            checked.add(Kind.ANALYZER_DEAD_LETTERS);
        }
        try {
            systemChecks.disk(dirs.data()).ifPresent(found::add);
            checked.add(Kind.DISK_SPACE);
        } catch (IOException e) {
            LOG.warn("Could not read the free space of {}: {}", dirs.data(), e.toString());
        }
        TlsIdentity tls = identity;
        if (tls != null) {
            systemChecks.certificate(tls.certificateChain(), tls.fingerprint(), now).ifPresent(found::add);
            checked.add(Kind.CERTIFICATE_EXPIRY);
        }
        for (Alert change : book.reconcile(found, checked, now)) {
            post(change);
        }
        return book.active();
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            LOG.error("Alert checks failed", e);   // the next interval tries again
        }
    }

    private void post(Alert a) {
        String state = a.active() ? RAISED : RESOLVED;
        if (a.active()) {
            LOG.warn("Alert raised: {} {}: {}", a.kind().topicName(), a.subject(), a.message());
        } else {
            LOG.info("Alert resolved: {} {}", a.kind().topicName(), a.subject());
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(PROPERTY_SEQUENCE, a.sequence());
        properties.put(PROPERTY_KIND, a.kind().topicName());
        properties.put(PROPERTY_SUBJECT, a.subject());
        properties.put(PROPERTY_SEVERITY, a.severity().lowerName());
        properties.put(PROPERTY_MESSAGE, a.message());
        properties.put(PROPERTY_STATE, state.toLowerCase(java.util.Locale.ROOT));
        properties.put(PROPERTY_RAISED, a.raised().toEpochMilli());
        a.resolved().ifPresent(r -> properties.put(PROPERTY_RESOLVED, r.toEpochMilli()));
        events.postEvent(new Event(TOPIC_PREFIX + a.kind().topicName() + "/" + state, properties));
    }
}
