// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.export.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aGoodConfiguration() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        ExportSettings s = ExportSettings.of(TestConfig.of("name", "siem", "type", 254, "extended_type", "ja3-jl", "sink", "SYSLOG-TCP",
                "address", "[2001:db8::1]:6514", "sensors", new String[] {a + ", " + b}), "d4.example");
        assertEquals("export-siem", s.analyzerName());
        assertEquals(254, s.selector().type());
        assertEquals(Optional.of("ja3-jl"), s.selector().extendedType());
        assertEquals(Set.of(a, b), s.selector().sensors());
        assertEquals(SinkKind.SYSLOG_TCP, s.sink());
        assertEquals("2001:db8::1", s.network().orElseThrow().getHostString());
        assertEquals(6514, s.network().orElseThrow().getPort());
        assertEquals("ja3-jl", s.syslog().msgId());
        assertEquals("syslog-tcp 2001:db8::1:6514", s.target());
        assertEquals(15, s.keepaliveSeconds());
        assertTrue(s.newline());
    }

    @Test
    void pathSinks() {
        ExportSettings file = ExportSettings.of(TestConfig.of("name", "f", "type", 8, "sink", "file", "address", dir.resolve("out.log").toString()), "-");
        assertEquals(dir.resolve("out.log"), file.path().orElseThrow());
        ExportSettings unix = ExportSettings.of(TestConfig.of("name", "u", "type", 8, "sink", "unix", "address", "/run/d4/export.sock"), "-");
        assertEquals(Path.of("/run/d4/export.sock"), unix.path().orElseThrow());
    }

    @Test
    void badConfigurationsAreRefusedWithTheReason() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        refused("name must be 1-57", "type", 8, "address", "h:1");
        refused("name must be 1-57", "name", "bad name", "type", 8, "address", "h:1");
        refused("name must be 1-57", "name", "x".repeat(58), "type", 8, "address", "h:1");
        refused("type must be a D4 type from 1 to 254, not 0", "name", "n", "address", "h:1");
        refused("type must be a D4 type from 1 to 254, not 255", "name", "n", "type", 255, "address", "h:1");
        refused("type 254 needs an extended type", "name", "n", "type", 254, "address", "h:1");
        refused("an extended type goes with type 254 only", "name", "n", "type", 8, "extended_type", "x", "address", "h:1");
        refused("sensors must be sensor UUIDs, not 'abc'", "name", "n", "type", 8, "sensors", new String[] {"abc"}, "address", "h:1");
        refused("sink must be one of tcp, tls, udp, unix, syslog-udp, syslog-tcp, syslog-tls, file, not 'smtp'", "name", "n", "type", 8, "sink", "smtp",
                "address", "h:1");
        refused("address of a tcp sink must be host:port", "name", "n", "type", 8);
        refused("address of a tcp sink must be host:port", "name", "n", "type", 8, "address", "2001:db8::1:514");
        refused("address port must be 1 to 65535, not 70000", "name", "n", "type", 8, "address", "h:70000");
        refused("address of a file sink must be an absolute path, not 'out.log'", "name", "n", "type", 8, "sink", "file", "address", "out.log");
        refused("is a directory, not a file", "name", "n", "type", 8, "sink", "file", "address", dir.toString());
        refused("ca.file is for the tls and syslog-tls sinks, not tcp", "name", "n", "type", 8, "address", "h:1", "ca_file", ca.toString());
        refused("is not a readable file", "name", "n", "type", 8, "sink", "tls", "address", "h:1", "ca_file", dir.resolve("missing.pem").toString());
        refused("keepalive.s must be 0 (off) or more", "name", "n", "type", 8, "address", "h:1", "keepalive_s", -1);
        refused("syslog facility must be 0 to 23, not 24", "name", "n", "type", 8, "sink", "syslog-udp", "address", "h:514", "syslog_facility", 24);
        refused("APP-NAME must be printable US-ASCII", "name", "n", "type", 8, "sink", "syslog-udp", "address", "h:514", "syslog_app_name", "d 4");
        refused("backoff.initial.ms must be positive", "name", "n", "type", 8, "address", "h:1", "backoff_initial_ms", 0L);
        refused("backoff.max.ms at least as long", "name", "n", "type", 8, "address", "h:1", "backoff_initial_ms", 1000L, "backoff_max_ms", 10L);
        refused("queue.max.size must be positive", "name", "n", "type", 8, "address", "h:1", "queue_max_size", 0);
        // a CA file that holds no certificate is refused when the sink is built
        ExportSettings tls = ExportSettings.of(TestConfig.of("name", "n", "type", 8, "sink", "tls", "address", "h:1", "ca_file", ca.toString()), "-");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Exporter.sink(tls));
        assertTrue(e.getMessage().startsWith("ca.file " + ca + " is not usable") || e.getMessage().contains("holds no PEM certificate"), e.getMessage());
    }

    @Test
    void aHostNameSyslogCannotCarryDoesNotStopOtherSinks() {
        ExportSettings.of(TestConfig.of("name", "n", "type", 8, "address", "h:1"), "bad host");
        assertThrows(IllegalArgumentException.class,
                () -> ExportSettings.of(TestConfig.of("name", "n", "type", 8, "sink", "syslog-udp", "address", "h:514"), "bad host"));
    }

    static void refused(String reason, Object... config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExportSettings.of(TestConfig.of(config), "d4.example"));
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    }
}
