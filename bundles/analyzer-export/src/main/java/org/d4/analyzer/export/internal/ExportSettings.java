// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.d4.api.queue.QueueSelector;
import org.d4.common.Uuids;

/**
 * One export's configuration, checked: {@link #of} throws IllegalArgumentException with a message
 * that names the property and what is wrong, so a bad configuration never half-starts.
 */
record ExportSettings(String name, QueueSelector selector, int queueMaxSize, SinkKind sink, Optional<InetSocketAddress> network,
        Optional<Path> path, boolean newline, int keepaliveSeconds, Optional<Path> caFile, SyslogHeader syslog, long backoffInitialMillis,
        long backoffMaxMillis, int connectTimeoutMillis) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,56}");
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^:\\[\\]\\s]+)):([0-9]{1,5})");

    /** The analyzer (and queue owner) name of this export. */
    String analyzerName() {
        return "export-" + name;
    }

    /** The sink for display: kind and address. */
    String target() {
        return sink.label + " " + network.map(a -> a.getHostString() + ":" + a.getPort()).orElseGet(() -> path.map(Path::toString).orElse(""));
    }

    static ExportSettings of(ExportConfig c, String localHostName) {
        String name = c.name() == null ? "" : c.name().trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-57 of A-Z a-z 0-9 . _ - (starting with a letter or digit), not '" + name + "'");
        }
        QueueSelector selector = selector(c);
        if (c.queue_max_size() < 1) {
            throw new IllegalArgumentException("queue.max.size must be positive, not " + c.queue_max_size());
        }
        SinkKind sink = SinkKind.of(c.sink());
        String address = c.address() == null ? "" : c.address().trim();
        Optional<InetSocketAddress> network = Optional.empty();
        Optional<Path> path = Optional.empty();
        if (sink.addressing == SinkKind.Addressing.NETWORK) {
            network = Optional.of(hostPort(address, sink));
        } else {
            path = Optional.of(absolutePath(address, sink));
        }
        if (c.keepalive_s() < 0) {
            throw new IllegalArgumentException("keepalive.s must be 0 (off) or more, not " + c.keepalive_s());
        }
        Optional<Path> ca = Optional.empty();
        String caText = c.ca_file() == null ? "" : c.ca_file().trim();
        if (!caText.isEmpty()) {
            if (!sink.tls()) {
                throw new IllegalArgumentException("ca.file is for the tls and syslog-tls sinks, not " + sink.label);
            }
            Path caPath = Path.of(caText);
            if (!Files.isReadable(caPath)) {
                throw new IllegalArgumentException("ca.file " + caText + " is not a readable file");
            }
            ca = Optional.of(caPath);
        }
        String host = c.syslog_hostname() == null || c.syslog_hostname().isBlank() ? localHostName : c.syslog_hostname().trim();
        // checked only where it is used: a host name that syslog cannot carry must not stop a TCP export
        SyslogHeader syslog = sink.syslog() ? SyslogHeader.of(c.syslog_facility(), c.syslog_severity(), host, c.syslog_app_name(), selector.key()) : null;
        if (c.backoff_initial_ms() < 1 || c.backoff_max_ms() < c.backoff_initial_ms()) {
            throw new IllegalArgumentException("backoff.initial.ms must be positive and backoff.max.ms at least as long, not "
                    + c.backoff_initial_ms() + " and " + c.backoff_max_ms());
        }
        if (c.connect_timeout_ms() < 1) {
            throw new IllegalArgumentException("connect.timeout.ms must be positive, not " + c.connect_timeout_ms());
        }
        return new ExportSettings(name, selector, c.queue_max_size(), sink, network, path, c.newline(), c.keepalive_s(), ca, syslog,
                c.backoff_initial_ms(), c.backoff_max_ms(), c.connect_timeout_ms());
    }

    private static QueueSelector selector(ExportConfig c) {
        String extended = c.extended_type() == null ? "" : c.extended_type().trim();
        if (c.type() < 1 || c.type() > 254) {
            throw new IllegalArgumentException("type must be a D4 type from 1 to 254, not " + c.type());
        }
        Set<UUID> sensors = new LinkedHashSet<>();
        for (String entry : c.sensors() == null ? new String[0] : c.sensors()) {
            // a .cfg file gives one comma-separated string, the console one value per field
            for (String s : entry.split("[,\\s]+")) {
                if (!s.isBlank()) {
                    sensors.add(Uuids.parseCanonical(s.trim())
                            .orElseThrow(() -> new IllegalArgumentException("sensors must be sensor UUIDs, not '" + s.trim() + "'")));
                }
            }
        }
        try {
            return new QueueSelector(c.type(), extended.isEmpty() ? Optional.empty() : Optional.of(extended), sensors);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type and extended.type: " + e.getMessage());
        }
    }

    private static InetSocketAddress hostPort(String address, SinkKind sink) {
        var m = HOST_PORT.matcher(address);
        if (!m.matches()) {
            throw new IllegalArgumentException("address of a " + sink.label + " sink must be host:port or [v6-address]:port, not '" + address + "'");
        }
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("address port must be 1 to 65535, not " + port);
        }
        // unresolved: the name is looked up at each connection, so a changed DNS entry is followed
        return InetSocketAddress.createUnresolved(m.group(1) != null ? m.group(1) : m.group(2), port);
    }

    private static Path absolutePath(String address, SinkKind sink) {
        if (address.isEmpty() || !address.startsWith("/") || address.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("address of a " + sink.label + " sink must be an absolute path, not '" + address + "'");
        }
        Path p = Path.of(address).normalize();
        if (sink == SinkKind.FILE && Files.isDirectory(p)) {
            throw new IllegalArgumentException("address " + address + " is a directory, not a file");
        }
        return p;
    }
}
