// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.net.InetAddress;
import java.util.Hashtable;
import javax.net.ssl.SSLContext;
import org.d4.api.analyzer.Analyzer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One export per factory configuration {@code d4.export}: registers an {@link Analyzer} named
 * {@code export-<name>} for the configured data, which the analyzer host feeds from a durable queue
 * of its own. The service is registered by hand because its properties come from the configuration.
 */
@Component(configurationPid = ExportConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ExportConfig.class, factory = true)
public final class Exporter {
    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    private final ExportAnalyzer analyzer;
    private final ServiceRegistration<Analyzer> registration;

    @Activate
    public Exporter(BundleContext context, ExportConfig config) {
        ExportSettings settings;
        Sink sink;
        try {
            settings = ExportSettings.of(config, localHostName());
            sink = sink(settings);
        } catch (IllegalArgumentException e) {
            // the log names the export; SCR only says that activation failed
            String problem = "Export '" + config.name() + "' (" + ExportConfig.PID + ") is not started: " + e.getMessage();
            LOG.error(problem);
            throw new IllegalArgumentException(problem, e);
        }
        analyzer = new ExportAnalyzer(settings, sink);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Analyzer.NAME, settings.analyzerName());
        properties.put(Analyzer.TYPE, settings.selector().type());
        settings.selector().extendedType().ifPresent(e -> properties.put(Analyzer.EXTENDED_TYPE, e));
        properties.put(Analyzer.SENSORS, settings.selector().sensors().stream().map(Object::toString).toArray(String[]::new));
        properties.put(Analyzer.MAX_QUEUE_SIZE, settings.queueMaxSize());
        registration = context.registerService(Analyzer.class, analyzer, properties);
        LOG.info("Export {} sends {} to {}", settings.name(), settings.selector().key(), settings.target());
    }

    static Sink sink(ExportSettings s) {
        return switch (s.sink()) {
            case TCP, SYSLOG_TCP -> new StreamSink(s.name(), SocketLinks.tcp(s.network().orElseThrow(), s.keepaliveSeconds(), s.connectTimeoutMillis(), null));
            case TLS, SYSLOG_TLS -> {
                SSLContext tls = TrustedCertificates.context(s.caFile());
                yield new StreamSink(s.name(), SocketLinks.tcp(s.network().orElseThrow(), s.keepaliveSeconds(), s.connectTimeoutMillis(), tls));
            }
            case UDP, SYSLOG_UDP -> new DatagramSink(s.network().orElseThrow());
            case UNIX -> new StreamSink(s.name(), SocketLinks.unix(s.path().orElseThrow()));
            case FILE -> new FileSink(s.path().orElseThrow());
        };
    }

    @Deactivate
    void deactivate() {
        // first end a write that may be blocked, so the analyzer host's stop does not wait for it
        analyzer.stop();
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with its bundle
        }
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.isEmpty() || name.length() > 255 || !name.chars().allMatch(c -> c > 32 && c < 127) ? Rfc5424.NIL : name;
        } catch (java.io.IOException e) {
            return Rfc5424.NIL;
        }
    }
}
