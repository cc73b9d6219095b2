// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzerhost.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.analyzer.AnalyzerCatalog;
import org.d4.api.analyzer.AnalyzerStatus;
import org.d4.api.queue.DeadLetter;
import org.d4.api.queue.QueueChange;
import org.d4.api.queue.QueueException;
import org.d4.api.queue.QueueException.Problem;
import org.d4.api.queue.QueueInfo;
import org.d4.api.queue.QueueService;
import org.d4.api.queue.QueueSpec;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds {@link Analyzer} services as bundles come and go: each gets its queue (the one it names,
 * or the one created for it on first sight, found again by its owner name ever after) and a feed
 * that delivers it. An analyzer that goes away leaves its queue filling, bounded, until it returns.
 */
@Component(service = AnalyzerCatalog.class, configurationPid = "d4.analyzers", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = AnalyzerHost.Config.class)
public final class AnalyzerHost implements AnalyzerCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyzerHost.class);

    @ObjectClassDefinition(name = "D4 analyzer host", description = "How analyzers get their data")
    @interface Config {
        @AttributeDefinition(name = "Queue length", min = "1", description = "Maximum length of a queue created for an analyzer that does not set its own")
        int default_queue_max_size() default 100_000;

        @AttributeDefinition(name = "Attempts", min = "1", description = "Deliveries of one item before it becomes a dead letter, unless the analyzer sets its own")
        int default_max_attempts() default 5;

        @AttributeDefinition(name = "First retry pause (ms)", min = "1", description = "Pause after a failed delivery; doubles with each further failure, up to 30 s")
        long retry_backoff_ms() default 200;

        @AttributeDefinition(name = "Stop timeout (s)", min = "1", description = "How long an undeployed analyzer may take to finish its item")
        int stop_timeout_s() default 10;
    }

    private final QueueService queues;
    private final Config config;
    private final Map<String, AnalyzerFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, Bundle> bundles = new ConcurrentHashMap<>();
    private final Map<String, AnalyzerStats> stats = new ConcurrentHashMap<>();
    private final Map<ServiceReference<Analyzer>, String> names = new HashMap<>();
    private final Map<ServiceReference<Analyzer>, Analyzer> pending = new HashMap<>();
    private boolean active;

    @Activate
    public AnalyzerHost(@Reference QueueService queues, Config config) {
        this.queues = queues;
        this.config = config;
    }

    @Activate
    synchronized void activate() {
        active = true;
        // analyzers bound before activation wait here: a feed must not start on a half-built host
        new HashMap<>(pending).forEach(this::attach);
        pending.clear();
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        feeds.values().forEach(f -> f.stop(Duration.ofSeconds(config.stop_timeout_s())));
        feeds.clear();
        names.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, updated = "updatedAnalyzer")
    synchronized void bindAnalyzer(Analyzer analyzer, ServiceReference<Analyzer> reference) {
        if (!active) {
            pending.put(reference, analyzer);
            return;
        }
        attach(reference, analyzer);
    }

    synchronized void updatedAnalyzer(Analyzer analyzer, ServiceReference<Analyzer> reference) {
        unbindAnalyzer(analyzer, reference);
        bindAnalyzer(analyzer, reference);
    }

    synchronized void unbindAnalyzer(Analyzer analyzer, ServiceReference<Analyzer> reference) {
        pending.remove(reference);
        String name = names.remove(reference);
        if (name == null) {
            return;
        }
        AnalyzerFeed feed = feeds.remove(name);
        bundles.remove(name);
        if (feed != null) {
            feed.stop(Duration.ofSeconds(config.stop_timeout_s()));
        }
        LOG.info("Analyzer {} removed; its queue keeps filling", name);
    }

    private void attach(ServiceReference<Analyzer> reference, Analyzer analyzer) {
        Subscription s;
        try {
            s = Subscription.of(reference::getProperty, config.default_queue_max_size(), config.default_max_attempts());
        } catch (IllegalArgumentException e) {
            LOG.error("Analyzer service {} of bundle {} is not used: {}", reference.getProperty("service.id"),
                    reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName(), e.getMessage());
            return;
        }
        if (feeds.containsKey(s.name())) {
            LOG.error("A second analyzer named {} (bundle {}) is not used: the name is taken by bundle {}", s.name(),
                    reference.getBundle().getSymbolicName(), bundles.get(s.name()).getSymbolicName());
            return;
        }
        AnalyzerStats st = stats.computeIfAbsent(s.name(), n -> new AnalyzerStats());
        UUID queue;
        try {
            queue = queueFor(s);
        } catch (QueueException e) {
            LOG.error("Analyzer {} is not used: {}", s.name(), e.getMessage());
            st.failed(e.getMessage());
            return;
        }
        Bundle bundle = reference.getBundle();
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        AnalyzerFeed feed = new AnalyzerFeed(s.name(), analyzer, queue, queues, s.maxAttempts(), config.retry_backoff_ms(),
                wiring == null ? analyzer.getClass().getClassLoader() : wiring.getClassLoader(), st);
        names.put(reference, s.name());
        feeds.put(s.name(), feed);
        bundles.put(s.name(), bundle);
        feed.start();
    }

    /** The queue the analyzer names, else its own (created on first sight), brought in line with its subscription. */
    private UUID queueFor(Subscription s) {
        if (s.queue().isPresent()) {
            QueueInfo named = queues.queue(s.queue().get())
                    .orElseThrow(() -> new QueueException(Problem.NOT_FOUND, "its queue " + s.queue().get() + " does not exist"));
            return named.uuid();
        }
        Optional<QueueInfo> own = ownQueue(s.name());
        if (own.isEmpty()) {
            QueueInfo created = queues.create(new QueueSpec(s.selector(), "analyzer " + s.name(), s.maxQueueSize(), Optional.of(s.name())));
            return created.uuid();
        }
        QueueInfo q = own.get();
        if (q.selector().type() != s.selector().type() || !q.selector().extendedType().equals(s.selector().extendedType())) {
            LOG.error("Analyzer {} now subscribes to {} but its queue {} carries {}; it keeps the queue's data. Delete the queue to start afresh.",
                    s.name(), s.selector().key(), q.uuid(), q.selector().key());
        } else if (!q.selector().sensors().equals(s.selector().sensors())) {
            queues.update(q.uuid(), new QueueChange(Optional.empty(), Optional.empty(), Optional.of(s.selector().sensors())));
        }
        return q.uuid();
    }

    private Optional<QueueInfo> ownQueue(String name) {
        return queues.queues().stream().filter(q -> q.owner().equals(Optional.of(name))).findFirst();
    }

    // ---- the catalog

    @Override
    public List<AnalyzerStatus> analyzers() {
        Map<String, AnalyzerStatus> all = new TreeMap<>();
        List<QueueInfo> known = queues.queues();
        for (QueueInfo q : known) {
            q.owner().ifPresent(name -> all.put(name, status(name, q)));
        }
        for (Map.Entry<String, AnalyzerFeed> f : feeds.entrySet()) {
            known.stream().filter(q -> q.uuid().equals(f.getValue().queue())).findFirst()
                    .ifPresent(q -> all.put(f.getKey(), status(f.getKey(), q)));
        }
        return new ArrayList<>(all.values());
    }

    @Override
    public Optional<AnalyzerStatus> analyzer(String name) {
        return analyzers().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private AnalyzerStatus status(String name, QueueInfo q) {
        AnalyzerFeed feed = feeds.get(name);
        Bundle bundle = bundles.get(name);
        AnalyzerStats st = stats.getOrDefault(name, new AnalyzerStats());
        boolean deployed = feed != null && feed.queue().equals(q.uuid());
        return new AnalyzerStatus(name, deployed, deployed && bundle != null ? bundle.getSymbolicName() : "",
                deployed && bundle != null ? bundle.getBundleId() : -1, q.uuid(), q.length(), st.delivered(), st.failures(),
                q.deadLetters(), st.rate(Instant.now()), st.lastError(), st.lastDelivery(), deployed ? details(name, feed) : Map.of());
    }

    private static Map<String, Object> details(String name, AnalyzerFeed feed) {
        try {
            return feed.analyzer().details();
        } catch (RuntimeException | LinkageError e) {
            // an analyzer built against the first API has no details; a failing one must not hide the others
            LOG.debug("Analyzer {} gave no details", name, e);
            return Map.of();
        }
    }

    @Override
    public List<DeadLetter> deadLetters(String name, int max) {
        return queues.deadLetters(queueOf(name), max);
    }

    @Override
    public int replay(String name, Collection<Long> ids) {
        return queues.replayDeadLetters(queueOf(name), ids);
    }

    @Override
    public int discard(String name, Collection<Long> ids) {
        return queues.discardDeadLetters(queueOf(name), ids);
    }

    private UUID queueOf(String name) {
        AnalyzerFeed feed = feeds.get(name);
        if (feed != null) {
            return feed.queue();
        }
        return ownQueue(name).map(QueueInfo::uuid).orElseThrow(() -> new QueueException(Problem.NOT_FOUND, "no such analyzer: " + name));
    }
}
