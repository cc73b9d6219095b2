// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.d4.api.registry.Admission;
import org.d4.api.registry.RegistryException;
import org.d4.api.registry.SensorChange;
import org.d4.api.registry.SensorStatus;
import org.d4.api.registry.ServerMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorRegistryTest {
    static final UUID SENSOR = UUID.fromString("3f1c1a2e-7b6d-4c1e-9a55-0c1d2e3f4a5b");
    static final UUID OTHER = UUID.fromString("0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d");
    static final UUID VERSION1 = UUID.fromString("e0f5a4b2-1c3d-11ee-be56-0242ac120002");

    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    RegistryFixture f;
    InetAddress peer;

    @BeforeEach
    void open() throws Exception {
        f = new RegistryFixture(dir.resolve("d4.db"), clock);
        peer = InetAddress.getByName("192.0.2.10");
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void registrationThenApprovalAdmitsWithTheSensorsOwnKey() {
        assertRefused("not registered", f.registry.admit(SENSOR, peer, 1));
        assertEquals(SensorStatus.PENDING, f.registry.register(SENSOR, "s3cret", "lab", "ops@example.org").status());
        assertRefused("pending approval", f.registry.admit(SENSOR, peer, 1));
        f.registry.approve(SENSOR);
        Admission admitted = f.registry.admit(SENSOR, peer, 1);
        assertTrue(admitted.accepted());
        assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), admitted.key());
    }

    @Test
    void registrationRules() {
        f.registry.register(SENSOR, "k", null, null);
        RegistryException conflict = assertThrows(RegistryException.class, () -> f.registry.register(SENSOR, "k2", "", ""));
        assertEquals(RegistryException.Problem.CONFLICT, conflict.problem());
        assertEquals(RegistryException.Problem.INVALID, assertThrows(RegistryException.class, () -> f.registry.register(VERSION1, "k", "", "")).problem());
        assertEquals(RegistryException.Problem.INVALID, assertThrows(RegistryException.class, () -> f.registry.register(OTHER, "", "", "")).problem());
        assertEquals(RegistryException.Problem.INVALID, assertThrows(RegistryException.class, () -> f.registry.register(OTHER, "k", "x".repeat(2000), "")).problem());
        assertEquals(RegistryException.Problem.NOT_FOUND, assertThrows(RegistryException.class, () -> f.registry.approve(OTHER)).problem());
        f.registry.delete(SENSOR);
        assertRefused("not registered", f.registry.admit(SENSOR, peer, 1));
        assertEquals(RegistryException.Problem.CONFLICT, assertThrows(RegistryException.class, () -> f.registry.approve(SENSOR)).problem());
        assertEquals(SensorStatus.PENDING, f.registry.register(SENSOR, "again", "", "").status(), "a deleted sensor may register again");
    }

    @Test
    void admissionOrderBlacklistsTypesKicks() throws Exception {
        f.registry.register(SENSOR, "k", "", "");
        f.registry.approve(SENSOR);
        assertRefused("type 5 is not accepted", f.registry.admit(SENSOR, peer, 5));
        assertTrue(f.registry.admit(SENSOR, peer, 3).accepted(), "generic log lines accepted by default");
        f.policy.refuseType(3);
        assertRefused("type 3 is not accepted", f.registry.admit(SENSOR, peer, 3));

        assertRefused("a version-4 UUID is required", f.registry.admit(VERSION1, peer, 1));

        f.policy.blacklist(peer);
        assertRefused("blacklisted", f.registry.admit(SENSOR, peer, 1));
        f.policy.unblacklist(peer);
        f.policy.blacklist(SENSOR);
        assertRefused("blacklisted", f.registry.admit(SENSOR, peer, 1));
        f.policy.unblacklist(SENSOR);

        f.policy.blacklistIpOf(SENSOR);
        assertRefused("now refused", f.registry.admit(SENSOR, peer, 1));
        f.policy.unblacklistIpOf(SENSOR);
        assertRefused("claimed a UUID that blacklists its address", f.registry.admit(SENSOR, peer, 1));
        assertFalse(f.policy.isBlacklisted(peer), "an unproven claim writes nothing to the stored blacklist");
        assertTrue(f.registry.admit(SENSOR, InetAddress.getByName("192.0.2.200"), 1).accepted(), "other addresses are unaffected");
        f.close();
        f = new RegistryFixture(dir.resolve("d4.db"), clock);
        assertTrue(f.registry.admit(SENSOR, peer, 1).accepted(), "kept in memory only");

        f.registry.kick(SENSOR);
        assertRefused("kicked until", f.registry.admit(SENSOR, peer, 1));
        clock.advance(Duration.ofSeconds(31));
        assertTrue(f.registry.admit(SENSOR, peer, 1).accepted(), "a kick ends after 30 s");
    }

    @Test
    void sharedSecretModeAdmitsAnyVersion4UuidWithTheDefaultKey() {
        assertThrows(RegistryException.class, () -> f.policy.setMode(ServerMode.SHARED_SECRET, null), "needs a default key");
        f.policy.setMode(ServerMode.SHARED_SECRET, "shared");
        Admission anyone = f.registry.admit(OTHER, peer, 8);
        assertArrayEquals("shared".getBytes(StandardCharsets.UTF_8), anyone.key());
        f.registry.register(SENSOR, "own", "", "");
        assertArrayEquals("own".getBytes(StandardCharsets.UTF_8), f.registry.admit(SENSOR, peer, 8).key(), "registered sensors keep their key");
        assertRefused("a version-4 UUID is required", f.registry.admit(VERSION1, peer, 8));
    }

    @Test
    void everythingSurvivesAReopen() throws Exception {
        f.registry.register(SENSOR, "k", "desc", "m@example.org");
        f.registry.approve(SENSOR);
        f.registry.update(SENSOR, SensorChange.none().withMaxBufferedEntries(500).withMonitoringIntervalS(60).withHmacKey("k2"));
        f.registry.recordError(SENSOR, peer, 1, "HMAC verification failed");
        f.policy.blacklist(InetAddress.getByName("2001:db8::1"));
        f.policy.acceptExtendedType("maltrail");
        f.policy.setMode(ServerMode.SHARED_SECRET, "shared");
        f.close();

        f = new RegistryFixture(dir.resolve("d4.db"), clock);
        var sensor = f.registry.sensor(SENSOR).orElseThrow();
        assertEquals(SensorStatus.APPROVED, sensor.status());
        assertEquals("desc", sensor.description());
        assertEquals(500, sensor.maxBufferedEntries());
        assertEquals(60, sensor.monitoringIntervalS());
        assertArrayEquals("k2".getBytes(StandardCharsets.UTF_8), f.registry.key(SENSOR).orElseThrow());
        assertEquals("HMAC verification failed", f.registry.sensorsWithErrors().get(0).lastError().orElseThrow().reason());
        assertTrue(f.policy.isBlacklisted(InetAddress.getByName("2001:db8:0:0:0:0:0:1")), "same address, other spelling");
        assertTrue(f.policy.acceptedExtendedTypes().contains("maltrail"));
        assertEquals(ServerMode.SHARED_SECRET, f.policy.mode());
        assertEquals(List.of(1, 2, 3, 4, 8, 254), List.copyOf(f.policy.acceptedTypes()));
    }

    @Test
    void errorsOfUnregisteredUuidsAreShownButNotStored() throws Exception {
        f.registry.recordUnverifiedError(OTHER, peer, 3, "sensor is not registered");
        var shown = f.registry.sensorsWithErrors();
        assertEquals(1, shown.size());
        assertEquals(SensorStatus.UNREGISTERED, shown.get(0).status());
        assertEquals("sensor is not registered", f.registry.lastUnverifiedError(OTHER).orElseThrow().reason());
        assertTrue(f.registry.sensor(OTHER).isEmpty(), "not a registered sensor");
        for (int i = 0; i < StoredSensorRegistry.MAX_UNVERIFIED + 10; i++) {
            f.registry.recordUnverifiedError(UUID.randomUUID(), peer, 3, "knock " + i);
        }
        assertEquals(StoredSensorRegistry.MAX_UNVERIFIED, f.registry.sensorsWithErrors().size(), "bounded");
        f.registry.register(OTHER, "k", "", "");
        f.close();
        f = new RegistryFixture(dir.resolve("d4.db"), clock);
        assertEquals(List.of(), f.registry.sensorsWithErrors(), "unverified errors are not persisted");
    }

    @Test
    void unverifiedErrorsNeverReplaceTheSensorsRecordedError() throws Exception {
        f.registry.register(SENSOR, "k", "", "");
        f.registry.approve(SENSOR);
        f.registry.recordError(SENSOR, peer, 3, "worker failed");
        clock.advance(Duration.ofSeconds(5));
        f.registry.recordUnverifiedError(SENSOR, InetAddress.getByName("203.0.113.9"), 3, "HMAC verification failed");
        var sensor = f.registry.sensor(SENSOR).orElseThrow();
        assertEquals("worker failed", sensor.lastError().orElseThrow().reason(), "a stranger cannot overwrite it");
        var unverified = f.registry.lastUnverifiedError(SENSOR).orElseThrow();
        assertEquals("HMAC verification failed", unverified.reason());
        assertEquals("203.0.113.9", unverified.peer());
        assertEquals(List.of(SENSOR), f.registry.sensorsWithErrors().stream().map(s -> s.uuid()).toList(), "listed once");
        f.close();
        f = new RegistryFixture(dir.resolve("d4.db"), clock);
        assertEquals("worker failed", f.registry.sensor(SENSOR).orElseThrow().lastError().orElseThrow().reason());
        assertTrue(f.registry.lastUnverifiedError(SENSOR).isEmpty(), "kept in memory only");
    }

    @Test
    void badPolicyInputIsRefused() {
        assertThrows(RegistryException.class, () -> f.policy.acceptType(0));
        assertThrows(RegistryException.class, () -> f.policy.acceptType(256));
        assertThrows(RegistryException.class, () -> f.policy.acceptExtendedType("has space"));
        assertThrows(RegistryException.class, () -> f.policy.acceptExtendedType(""));
        assertThrows(RegistryException.class, () -> f.policy.setMode(ServerMode.REGISTRATION, ""));
        assertThrows(RegistryException.class, () -> ServerMode.fromId("open"));
        assertFalse(f.policy.refuseExtendedType("never-added"));
        assertTrue(f.policy.refuseExtendedType("ja3-jl"));
    }

    @Test
    void keyIsNeverInTheSensorValue() {
        f.registry.register(SENSOR, "very-secret-key", "", "");
        String shown = f.registry.sensor(SENSOR).orElseThrow().toString();
        assertFalse(shown.contains("very-secret-key"), shown);
        assertTrue(f.registry.sensor(SENSOR).orElseThrow().hasKey());
    }

    private static void assertRefused(String reasonPart, Admission admission) {
        assertFalse(admission.accepted(), admission.toString());
        assertTrue(admission.refusal().orElseThrow().contains(reasonPart), admission.toString());
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
