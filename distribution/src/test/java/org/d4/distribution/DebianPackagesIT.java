// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.junit.jupiter.api.Test;

/**
 * The two Debian packages, inspected with dpkg-deb (control fields, maintainer scripts, conffiles,
 * files and modes, the systemd units) and extracted: the installed layout under /opt starts, and
 * the sensor's client reaches the server's.
 */
class DebianPackagesIT {
    static final Path TARGET = ServerImageIT.IMAGE.toAbsolutePath().getParent();
    static final Duration DPKG = Duration.ofSeconds(60);
    @org.junit.jupiter.api.io.TempDir Path extracted;

    @Test
    void controlFieldsScriptsAndConffiles() throws Exception {
        for (String name : List.of("d4-server", "d4-sensor")) {
            Path deb = deb(name);
            assertEquals(name, field(deb, "Package"));
            assertEquals("all", field(deb, "Architecture"));
            assertTrue(field(deb, "Version").matches("\\d+\\.\\d+\\.\\d+(~\\d{14})?"), field(deb, "Version"));
            assertTrue(field(deb, "Depends").contains("java17-runtime-headless"), field(deb, "Depends"));
            String conffiles = dpkg("-I", deb.toString(), "conffiles");
            assertTrue(conffiles.contains("/opt/" + name + "/etc/config.properties") && conffiles.contains("/opt/" + name + "/etc/log4j2.xml"),
                    conffiles);
            assertFalse(conffiles.contains("/data/") || conffiles.contains("/logs/"), "data/ and logs/ are not the package's: " + conffiles);
            for (String script : List.of("preinst", "postinst", "prerm", "postrm")) {
                String text = dpkg("-I", deb.toString(), script);
                assertTrue(text.startsWith("#!/bin/sh"), script + ": " + text);
            }
            assertTrue(dpkg("-I", deb.toString(), "preinst").contains("useradd --system"), "a system user");
            assertTrue(dpkg("-I", deb.toString(), "postrm").contains("purge"), "data removed on purge only");
            String postinst = dpkg("-I", deb.toString(), "postinst");
            assertTrue(postinst.contains("-m 0700 \"$home/logs\"") && postinst.contains("chmod -R go-rwx \"$home/logs\""),
                    "logs/ owner-only, also after an upgrade: " + postinst);
        }
        assertTrue(field(deb("d4-sensor"), "Depends").contains("libpcap0.8"));
        assertTrue(field(deb("d4-sensor"), "Description").contains("CAP_NET_RAW"));
    }

    @Test
    void filesModesAndUnits() throws Exception {
        for (String name : List.of("d4-server", "d4-sensor")) {
            String contents = dpkg("--contents", deb(name).toString());
            assertTrue(contents.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith("./opt/" + name + "/bin/d4")), contents);
            assertTrue(contents.lines().anyMatch(l -> l.startsWith("-rw-r----- root/d4") && l.endsWith("./opt/" + name + "/etc/config.properties")),
                    "configuration readable by the service user only");
            assertTrue(contents.contains("./lib/systemd/system/" + name + ".service"), contents);
            assertTrue(contents.contains("./opt/" + name + "/bundle/d4-api-"), contents);
            assertFalse(contents.contains("/etc/tls/") || contents.contains("/data/"), "no generated secrets or state in the package");
        }
        Path root = extract("d4-sensor");
        String unit = Files.readString(root.resolve("lib/systemd/system/d4-sensor.service"));
        assertTrue(unit.contains("User=d4") && unit.contains("AmbientCapabilities=CAP_NET_RAW") && unit.contains("CapabilityBoundingSet=CAP_NET_RAW")
                && unit.contains("NoNewPrivileges=true") && unit.contains("ExecStart=/opt/d4-sensor/bin/d4 start"), unit);
        String serverUnit = Files.readString(extract("d4-server").resolve("lib/systemd/system/d4-server.service"));
        assertTrue(serverUnit.contains("User=d4") && !serverUnit.contains("CAP_NET_RAW") && serverUnit.contains("PIDFile=/opt/d4-server/data/d4.pid"),
                serverUnit);
        assertTrue(Files.exists(root.resolve("opt/d4-sensor/bundle")) && Files.notExists(root.resolve("opt/d4-sensor/bundle/d4-server-"
                + SensorImageIT.version() + ".jar")));
    }

    @Test
    void theInstalledLayoutsStartAndTheSensorStreamsToTheServer() throws Exception {
        try (Appliance server = Appliance.fromImage(extract("d4-server").resolve("opt/d4-server")).start();
                Appliance sensor = Appliance.fromImage(extract("d4-sensor").resolve("opt/d4-sensor")).start()) {
            assertEquals(0, server.d4("status", Duration.ofSeconds(30)).exitCode());
            assertEquals(0, sensor.d4("status", Duration.ofSeconds(30)).exitCode());
            UUID uuid = ClientRun.approvedSensor(server, "deb key");
            Path lines = Files.writeString(sensor.home().resolve("data/lines.txt"), "from the installed sensor\n");
            Files.writeString(sensor.home().resolve("etc/d4.client-lines.cfg"), String.join("\n", "uuid = " + uuid, "key = deb key", "type = 3",
                    "source = " + lines, "destination = 127.0.0.1:" + server.sensorPort(), ""));
            assertTrue(Commands.eventually(Duration.ofSeconds(30),
                    () -> new String(IngestIT.archivedIn(server, uuid, "3")).equals("from the installed sensor\n")), "archived on the server");
        }
    }

    private static Path deb(String name) throws Exception {
        try (var files = Files.list(TARGET)) {
            return files.filter(f -> f.getFileName().toString().matches(name + "_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + "_<version>_all.deb in " + TARGET));
        }
    }

    private Path extract(String name) throws Exception {
        Path root = Files.createDirectories(extracted.resolve(name));
        dpkg("-x", deb(name).toString(), root.toString());
        return root;
    }

    private static String field(Path deb, String field) throws Exception {
        return dpkg("--field", deb.toString(), field).strip();
    }

    private static String dpkg(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "dpkg-deb";
        System.arraycopy(args, 0, command, 1, args.length);
        Commands.Result r = Commands.run(TARGET, Map.of(), DPKG, command);
        assertEquals(0, r.exitCode(), String.join(" ", command) + ": " + r.output());
        return r.output();
    }
}
