// SPDX-License-Identifier: Apache-2.0
package org.d4.client.osgi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.d4.client.config.ConfigDirectory;
import org.d4.client.config.ConfigException;
import org.d4.client.config.Durations;
import org.d4.client.config.Endpoints;
import org.d4.client.config.SensorConfig;
import org.d4.client.net.Destination;
import org.d4.client.net.FailoverDestination;
import org.d4.client.net.SocketDestination;
import org.d4.client.net.TlsContexts;
import org.d4.client.source.Sources;
import org.d4.client.stream.ClientCounters;
import org.d4.client.stream.ClientLog;
import org.d4.client.stream.SensorClient;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor stream per factory configuration of {@code d4.client}, on a thread of its own. The
 * properties are checked with the same rules as a configuration directory; a bad one fails the
 * activation with the property named. A changed configuration restarts the stream (no
 * {@code @Modified}); deleting it stops the stream.
 */
@Component(configurationPid = "d4.client", configurationPolicy = ConfigurationPolicy.REQUIRE, service = SensorStream.class)
@Designate(ocd = StreamConfig.class, factory = true)
public final class ClientStream implements SensorStream {
    private static final Logger LOG = LoggerFactory.getLogger(ClientStream.class);

    private final ClientCounters counters = new ClientCounters();
    private String name;
    private String description;
    private SensorClient client;
    private Thread thread;

    @Activate
    void start(StreamConfig c, Map<String, Object> properties) throws ConfigException {
        name = String.valueOf(properties.getOrDefault("service.pid", "d4.client"));
        SensorConfig config = ConfigDirectory.load(new PropertyValues(c, name));
        SSLContext tls = null;
        if (c.tls()) {
            try {
                tls = c.check_certificate() ? TlsContexts.trusting(Path.of(require(c.root_ca(), "root.ca"))) : TlsContexts.trustingAnyServer();
            } catch (java.io.IOException e) {
                throw new ConfigException(name + ": root.ca: " + e.getMessage(), e);
            }
        }
        java.util.List<Destination> servers = new java.util.ArrayList<>();
        for (Endpoints.Endpoint server : Endpoints.parseAll(config.destination())) {
            servers.add(new SocketDestination(server, tls, c.check_certificate(), Durations.parse("timeout", c.timeout()), java.time.Duration.ofSeconds(30)));
        }
        Destination destination = FailoverDestination.of(servers);
        ClientLog log = new ClientLog() {
            @Override
            public void info(String message) {
                LOG.info("{}: {}", name, message);
            }

            @Override
            public void warn(String message) {
                LOG.warn("{}: {}", name, message);
            }
        };
        var source = Sources.open(config, Path.of(System.getProperty("d4.home", ".")), Durations.parse("poll.delay", c.poll_delay()));
        client = new SensorClient(config, source, destination, Durations.parse("retry.delay", c.retry_delay()), 0,
                () -> Instant.now().getEpochSecond(), log, counters);
        description = config.uuid() + " type " + config.type() + " " + source.describe() + " -> " + destination.describe();
        thread = new Thread(() -> {
            SensorClient.Outcome outcome = client.run();
            LOG.info("{}: stream ended ({})", name, outcome);
        }, "d4-client " + name);
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (client != null) {
            client.stop();
            thread.join(10_000);
        }
    }

    private static String require(String value, String property) throws ConfigException {
        if (value == null || value.isBlank()) {
            throw new ConfigException(property + " is required with check.certificate");
        }
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public ClientCounters counters() {
        return counters;
    }

    /** The configuration's properties under the names of the configuration directory's files. */
    private record PropertyValues(StreamConfig c, String pid) implements ConfigDirectory.Values {
        @Override
        public byte[] get(String file) {
            String v = switch (file) {
                case "uuid" -> c.uuid();
                case "key" -> c.key();
                case "snaplen" -> Integer.toString(c.snaplen());
                case "version" -> "1";
                case "type" -> Integer.toString(c.type());
                case "source" -> c.source();
                case "destination" -> c.destination();
                case "metaheader.json" -> c.meta_header();
                case "filter" -> c.filter();
                case "root.ca" -> c.root_ca();
                case "redis_d4" -> c.redis_d4();
                case "redis_queue" -> c.redis_queue();
                case "rest_url" -> c.rest_url();
                case "rest_queue" -> c.rest_queue();
                case "rest_token" -> c.rest_token();
                default -> null;
            };
            return v == null || (v.isEmpty() && !file.equals("uuid") && !file.equals("key")) ? null : v.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String describe(String file) {
            return pid + " property " + file.replace('_', '.').replace("metaheader.json", "meta.header");
        }

        @Override
        public boolean storeUuid(UUID uuid) {
            return false;
        }
    }
}
