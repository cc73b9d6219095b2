// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The passive DNS analyzer: takes the sensors' passivedns lines (type 8) from its queue, keeps
 * the records in its own store and answers queries on them. A line delivered twice (after a crash,
 * the queue delivers at least once) counts twice; first and last seen are not affected.
 */
@Component(service = {Analyzer.class, PassiveDns.class}, configurationPid = PassiveDnsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = PassiveDnsConfig.class)
@AnalyzerSubscription(name = "passivedns", type = 8)
public final class PassiveDnsAnalyzer implements Analyzer, PassiveDns {
    private static final Logger LOG = LoggerFactory.getLogger(PassiveDnsAnalyzer.class);
    static final String SOFTWARE = "d4-analyzer-passivedns";

    private final PassiveDnsConfig config;
    private final String version;
    private final RrTypes types = RrTypes.load();
    private final PassiveDnsLine lines = new PassiveDnsLine(types);
    private final QueryParser parser = new QueryParser(types);
    private final Exclusions exclusions;
    private final PdnsStore store;
    private final Ingestor ingestor;
    private final QueryEngine engine;
    private final QueryCursors cursors;
    private final MalformedLog malformed;
    private final JsonFactory jsonFactory = new JsonFactory();
    private final ObjectMapper json = new ObjectMapper();

    @Activate
    public PassiveDnsAnalyzer(BundleContext context, PassiveDnsConfig config) throws IOException {
        this(ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).resolve(config.store_folder()), config,
                context.getBundle().getVersion().toString(), () -> System.currentTimeMillis() / 1000);
    }

    PassiveDnsAnalyzer(Path folder, PassiveDnsConfig config, String version, LongSupplier clock) throws IOException {
        this.config = config;
        this.version = version;
        Expirations expirations = Expirations.parse(config.expiration(), types);
        this.exclusions = new Exclusions(config.exclusions());
        this.store = new PdnsStore(folder);
        this.ingestor = new Ingestor(store, new Ingestor.Settings(config.flush_records(), 2 * config.flush_records(),
                config.commit_interval_ms(), expirations, clock));
        this.engine = new QueryEngine(store, expirations, clock);
        this.cursors = new QueryCursors(16_384, 1800, clock);
        this.malformed = new MalformedLog(10, clock);
        LOG.info("Passive DNS store {} open: {} records; exclusions {}, expirations {}", store.file(), store.counter("records"),
                exclusions.asList(), expirations.asMap());
    }

    @Deactivate
    void close() {
        ingestor.close();
        store.close();
        LOG.info("Passive DNS store closed");
    }

    @Override
    public void analyze(QueueItem item) throws IOException, InterruptedException {
        String line = item.text();
        Observation o;
        try {
            if (line.isBlank()) {
                throw new Malformed("empty line");
            }
            o = lines.parse(line, item.sensor());
        } catch (Malformed e) {
            malformed.note(item.sensor(), e.getMessage(), line);
            ingestor.malformed(item.sensor());
            return;
        }
        if (exclusions.excludes(o.rrname())) {
            ingestor.excluded(item.sensor());
        } else {
            ingestor.record(item.sensor(), o);
        }
    }

    /** Waits until everything received so far is committed (tests, imports). */
    void flush() throws IOException, InterruptedException {
        ingestor.flush();
    }

    @Override
    public QueryParser parser() {
        return parser;
    }

    @Override
    public Page query(QueryParser.Request request, QueryEngine.Sink sink) throws IOException, BadRequest {
        String fingerprint = request.query().fingerprint();
        byte[] position = request.cursor() == 0 ? null : cursors.position(request.cursor(), fingerprint, BadRequest::new);
        QueryEngine.Result result = engine.run(request.query(), position, request.limit(), sink);
        return new Page(result.served(), result.next() == null ? 0 : cursors.create(fingerprint, result.next()));
    }

    @Override
    public CofWriter cofWriter(OutputStream out) throws IOException {
        return new CofWriter(jsonFactory, out, types, store, config.origin());
    }

    @Override
    public RrTypes types() {
        return types;
    }

    @Override
    public java.util.UUID sensor(int number) {
        return store.sensor(number);
    }

    @Override
    public Statistics statistics() {
        long bytes;
        try {
            bytes = Files.size(store.file());
        } catch (IOException e) {
            bytes = -1;
        }
        String failure = ingestor.failure();
        return new Statistics(version, store.counter("lines"), store.counter("records"), store.counter("imported"),
                store.counter("malformed"), store.counter("excluded"), store.counter("expired"), failure == null ? "" : failure,
                malformed.latest(), bytes, store.sensorLines(), store.types(), store.classes(), store.ttls());
    }

    @Override
    public CofImporter.Outcome importCof(InputStream in, long maxBytes) throws IOException, InterruptedException, BadRequest {
        try {
            return new CofImporter(types, json, ingestor).read(in, maxBytes);
        } finally {
            ingestor.flush();
        }
    }

    @Override
    public boolean anonymousRead() {
        return config.anonymous_read();
    }

    @Override
    public long importMaxBytes() {
        return config.import_max_mb() * 1024 * 1024;
    }
}
