// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import org.d4.common.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.analyzer.AnalyzerSubscription;
import org.d4.api.queue.QueueItem;
import org.d4.api.queue.QueueService;
import org.d4.common.ApplianceDirs;
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
 * The backscatter analyzer: reads each pcap file the archive queues (type 1), tracks attack vectors
 * across files, stores the attacks that end and pushes each, as one JSON line, to the queues of
 * extended type {@value #QUEUE_TYPE}. A file is one commit with the vectors after it, so a restart
 * goes on where the last file left off and a file delivered again is not counted twice.
 */
@Component(service = {Analyzer.class, Backscatter.class}, configurationPid = BackscatterConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = BackscatterConfig.class)
@AnalyzerSubscription(name = "backscatter", type = 1)
public final class BackscatterAnalyzer implements Analyzer, Backscatter {
    static final String QUEUE_TYPE = "d4-backscatter";
    /** Capture files read again at most for one attack's pcap (a day of 5-minute files from a few sensors). */
    static final int MAX_PCAP_FILES = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(BackscatterAnalyzer.class);

    /** Where finished attacks go besides the store: the d4-backscatter queues. */
    interface Publisher {
        void publish(UUID sensor, List<byte[]> lines);
    }

    /** What readers see between files: copied after each file, so queries never wait for one. */
    private record View(List<Attack> ongoing, List<ScannerTable.Row> scanners, long[] counts, int tracked) {
    }

    private final BackscatterConfig config;
    private final String version;
    private final MonitoredSpace space;
    private final Thresholds thresholds;
    private final AttackStore store;
    private final Publisher publisher;
    private final PrefixToAs origins;
    private final List<Attack> finished = new ArrayList<>();
    private final Object lock = new Object();
    private Telescope telescope;
    private long evictionsLogged;
    private volatile View view;

    @Activate
    public BackscatterAnalyzer(BundleContext context, BackscatterConfig config, @Reference QueueService queues) throws IOException {
        this(ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).resolve(config.store_folder()), config,
                ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).home(),
                context.getBundle().getVersion().toString(),
                (sensor, lines) -> {
                    var route = queues.route(254, Optional.of(QUEUE_TYPE), sensor);
                    lines.forEach(route::push);
                });
    }

    BackscatterAnalyzer(Path folder, BackscatterConfig config, String version, Publisher publisher) throws IOException {
        this(folder, config, folder, version, publisher);
    }

    BackscatterAnalyzer(Path folder, BackscatterConfig config, Path home, String version, Publisher publisher) throws IOException {
        this.config = config;
        this.origins = config.pfx2as_file().isBlank() ? PrefixToAs.NONE : PrefixToAs.load(home.resolve(config.pfx2as_file()));
        if (origins.prefixes() > 0 || origins.skipped() > 0) {
            LOG.info("Backscatter: prefix-to-AS table {}: {} prefixes, {} lines left out", config.pfx2as_file(), origins.prefixes(),
                    origins.skipped());
        }
        this.version = version;
        this.publisher = publisher;
        this.space = MonitoredSpace.parse(config.monitored_prefixes());
        this.thresholds = new Thresholds(config.timeout_s(), config.min_packets(), config.min_duration_s(), config.min_ppm());
        this.store = new AttackStore(folder, config.max_attacks());
        this.telescope = restored();
        refreshView();
        LOG.info("Backscatter store {} open: {} attacks, {} vectors carried over; monitored {}, thresholds {}", store.file(), store.size(),
                telescope.trackedVectors(), space.describe(), thresholds);
    }

    private Telescope restored() throws IOException {
        Telescope t = new Telescope(space, thresholds, new Telescope.Limits(config.max_vectors(), config.max_scanners()), finished::add,
                this::evicted);
        store.restore(t);
        return t;
    }

    private void evicted() {
        long n = ++evictionsLogged;
        if (Long.bitCount(n) == 1) {    // 1, 2, 4, 8...: the log stays readable under a flood
            LOG.warn("Backscatter: {} attack vectors evicted so far; the cap is {} tracked vectors (max.vectors)", n, config.max_vectors());
        }
    }

    @Deactivate
    void close() {
        store.close();
        LOG.info("Backscatter store closed");
    }

    @Override
    public void analyze(QueueItem item) throws IOException {
        String capture = item.text().trim();
        synchronized (lock) {
            if (store.analyzed(capture)) {
                telescopeCount(Count.FILES_REPEATED);
                return;
            }
            Path file = Path.of(capture);
            if (!Files.isRegularFile(file)) {
                LOG.warn("Backscatter: capture {} is gone", Samples.cut(capture));
                telescopeCount(Count.FILES_MISSING);
                refreshView();
                return;
            }
            finished.clear();
            String stop;
            try (InputStream in = Files.newInputStream(file)) {
                stop = telescope.read(in, item.sensor(), store.nextFileNumber());
            } catch (IOException | RuntimeException e) {
                // back to the state of the last commit, so the retry counts nothing twice
                finished.clear();
                telescope = restored();
                throw e;
            }
            if (!stop.isEmpty()) {
                LOG.warn("Backscatter: capture {} read in part: {}", Samples.cut(capture), stop);
            }
            store.commitFile(capture, finished, telescope);
            finished.clear();
            publish(item.sensor());
            refreshView();
        }
    }

    private void telescopeCount(Count c) {
        telescope.bump(c);
    }

    private void publish(UUID sensor) {
        List<Map.Entry<Long, Attack>> pending = store.unpublished();
        if (pending.isEmpty()) {
            return;
        }
        List<byte[]> lines = new ArrayList<>(pending.size());
        List<Long> ids = new ArrayList<>(pending.size());
        for (Map.Entry<Long, Attack> e : pending) {
            lines.add(json(e.getKey(), e.getValue()).getBytes(StandardCharsets.UTF_8));
            ids.add(e.getKey());
        }
        try {
            publisher.publish(sensor, lines);
            store.published(ids);
        } catch (RuntimeException e) {
            LOG.warn("Backscatter: {} attacks not pushed to the {} queues yet: {}", ids.size(), QUEUE_TYPE, e.toString());
        }
    }

    private void refreshView() {
        view = new View(List.copyOf(telescope.ongoing()), List.copyOf(telescope.topScanners(1000)), telescope.counts(),
                telescope.trackedVectors());
    }

    @Override
    public AttackStore.Page attacks(AttackQuery query) {
        if (query.asn() < 0) {
            return store.query(query, 1_000_000, a -> true);
        }
        return store.query(query, 1_000_000, a -> {
            PrefixToAs.Origin o = origins.lookup(a.victim());
            return o != null && o.asn() == query.asn();
        });
    }

    @Override
    public List<Map.Entry<Long, Attack>> newest(int n) {
        return store.newest(n);
    }

    @Override
    public Attack attack(long id) {
        return store.attack(id);
    }

    @Override
    public long pcap(long id, java.io.OutputStream out) throws IOException {
        Attack a = store.attack(id);
        if (a == null) {
            return -1;
        }
        return PcapExport.write(store.files(a.firstFile(), a.lastFile(), MAX_PCAP_FILES), a, space, out);
    }

    @Override
    public List<Attack> ongoing() {
        return view.ongoing();
    }

    @Override
    public List<ScannerTable.Row> scanners(int max) {
        List<ScannerTable.Row> all = view.scanners();
        return all.subList(0, Math.min(max, all.size()));
    }

    @Override
    public Map<String, Long> counters() {
        View v = view;
        Map<String, Long> out = new LinkedHashMap<>();
        for (Count c : Count.values()) {
            out.put(c.label(), v.counts()[c.ordinal()]);
        }
        out.put("tracked_vectors", (long) v.tracked());
        out.put("stored_attacks", store.size());
        out.put("attacks_dropped", store.counter("attacks-dropped"));
        return out;
    }

    @Override
    public List<String> monitoredPrefixes() {
        return space.describe();
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public PrefixToAs.Origin origin(Attack attack) {
        return origins.lookup(attack.victim());
    }

    @Override
    public boolean anonymousRead() {
        return config.anonymous_read();
    }
}
