// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import org.d4.common.Samples;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.analyzer.AnalyzerSubscription;
import org.d4.api.queue.QueueItem;
import org.d4.common.ApplianceDirs;
import org.d4.common.web.QueryCursors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS fingerprint analyzer: takes the sensors' {@code ja3-jl} lines (type 254) from its queue,
 * counts each handshake for its JA3, JA3S, JA4, JA3+JA3S pair and certificates in its own store,
 * and answers queries on them. A line that cannot be read is counted and logged (a sample), never
 * retried. Committed at least every {@code commit.interval.ms}: a crash loses at most that window
 * of lines the queue already let go.
 */
@Component(service = {Analyzer.class, TlsFingerprints.class}, configurationPid = TlsAnalyzerConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = TlsAnalyzerConfig.class)
@AnalyzerSubscription(name = "tls", type = 254, extended_type = "ja3-jl")
public final class TlsAnalyzer implements Analyzer, TlsFingerprints {
    private static final Logger LOG = LoggerFactory.getLogger(TlsAnalyzer.class);
    /** Handshakes after which the writer commits without waiting for the interval (bounds what a commit holds). */
    static final int COMMIT_EVERY = 10_000;
    /** Handshakes remembered to recognise the copy of one that came both as a record and in a capture. */
    static final int DUPLICATE_WINDOW = 65_536;

    private final TlsAnalyzerConfig config;
    private final TlsStore store;
    private final Ja3JsonLine lines = new Ja3JsonLine();
    private final QueryParser parser = new QueryParser();
    private final QueryEngine engine;
    private final Overview overview;
    private final QueryCursors cursors;
    private final Labels labels;
    private final JsonFactory json = new JsonFactory();
    private final Thread committer;
    private final ApplianceDirs dirs;
    private final Duplicates duplicates = new Duplicates(DUPLICATE_WINDOW);
    private volatile boolean running = true;
    private final Object wake = new Object();   // close() wakes the committer: an interrupt would close the store's file mid-write
    private long malformedLogged;

    @Activate
    public TlsAnalyzer(BundleContext context, TlsAnalyzerConfig config) throws IOException {
        this(ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)), config, () -> System.currentTimeMillis() / 1000);
    }

    TlsAnalyzer(ApplianceDirs dirs, TlsAnalyzerConfig config, LongSupplier clock) throws IOException {
        this.config = config;
        this.dirs = dirs;
        this.store = new TlsStore(dirs.resolve(config.store_folder()), new Summary.Bounds(16, config.max_addresses(), config.max_names()));
        this.engine = new QueryEngine(store);
        this.overview = new Overview(store);
        this.cursors = new QueryCursors(16_384, 1800, clock);
        this.labels = new Labels(config.labels_file().isBlank() ? null : dirs.resolve(config.labels_file()), store);
        this.committer = new Thread(this::commitLoop, "d4-tls-committer");
        committer.setDaemon(true);
        LOG.info("TLS store {} open: {} handshakes", store.file(), store.counter("handshakes"));
    }

    /** Starts committing once constructed: the committer reads this analyzer's fields. */
    @Activate
    void start() {
        committer.start();
    }

    @Deactivate
    void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            committer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
        LOG.info("TLS store closed");
    }

    @Override
    public void analyze(QueueItem item) throws IOException {
        String line = item.text();
        Sighting s;
        try {
            if (line.isBlank()) {
                throw new Malformed("empty line");
            }
            s = lines.parse(line, item.sensor(), item.epochSecond());
        } catch (Malformed e) {
            store.add("malformed", 1);
            store.add("lines", 1);
            if (malformedLogged++ < 20 || malformedLogged % 1000 == 0) {
                LOG.warn("Malformed ja3-jl line from sensor {} ({} so far): {}: {}", item.sensor(), store.counter("malformed"), e.getMessage(),
                        Samples.cut(line));
            }
            return;
        }
        store.add("lines", 1);
        ingest(s, Duplicates.Source.RECORD);
    }

    @Override
    public boolean ingest(Sighting s, Duplicates.Source source) throws IOException {
        if (duplicates.seenBefore(s, source)) {
            store.add("duplicates", 1);
            return false;
        }
        try {
            store.record(s);
            if (store.uncommitted() >= COMMIT_EVERY) {
                store.commit();
            }
            return true;
        } catch (RuntimeException e) {
            store.rollback();
            throw new IOException("the TLS store cannot write: " + e, e);     // the queue delivers the item again
        }
    }

    @Override
    public void count(String counter, long n) {
        store.add(counter, n);
    }

    @Override
    public Path home() {
        return dirs.home();
    }

    private void commitLoop() {
        while (running) {
            try {
                synchronized (wake) {
                    if (running) {
                        wake.wait(config.commit_interval_ms());
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            if (!running) {
                return;   // close() commits what is left
            }
            try {
                if (store.uncommitted() > 0) {
                    store.commit();
                }
            } catch (RuntimeException e) {
                LOG.error("TLS store commit failed; what came since the last commit is dropped", e);
                store.rollback();
            }
        }
    }

    /** Commits now (tests, commands). */
    void flush() {
        store.commit();
    }

    @Override
    public QueryParser parser() {
        return parser;
    }

    @Override
    public Page query(QueryParser.Request request, OutputStream out) throws IOException, Malformed {
        String id = request.query().fingerprint();
        byte[] position = request.cursor() == 0 ? null : cursors.position(request.cursor(), id, Malformed::new);
        QueryEngine.Result result;
        try (AnswerWriter writer = new AnswerWriter(json, out, store, labels::of)) {
            result = engine.run(request.query(), position, request.limit(), writer);
        }
        return new Page(result.served(), result.next() == null ? 0 : cursors.create(id, result.next()));
    }

    @Override
    public byte[] certificate(String digest) {
        return store.certificate(digest);
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>(store.counters());
        out.remove("format");
        out.put("labels.file", (long) labels.fileSize());
        out.put("labels.api", (long) store.labels().size());
        return out;
    }

    @Override
    public boolean anonymousRead() {
        return config.anonymous_read();
    }

    @Override
    public Overview overview() {
        return overview;
    }

    @Override
    public void export(String format, java.util.Set<FingerprintKey.Kind> kinds, OutputStream out) throws IOException {
        if (format.equals("csv")) {
            overview.exportCsv(kinds, labels::of, out);
        } else {
            try (AnswerWriter writer = new AnswerWriter(json, out, store, labels::of)) {
                overview.exportJson(kinds, writer);
            }
        }
    }
}
