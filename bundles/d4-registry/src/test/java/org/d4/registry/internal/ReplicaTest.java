// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.d4.api.registry.Admission;
import org.d4.api.registry.RegistryEntry;
import org.d4.api.registry.SensorChange;
import org.d4.api.registry.SensorStatus;
import org.d4.api.registry.ServerMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two appliances' registries, each on its own store file, sharing their state through an ordered
 * log of entries that stands for the compacted topic (the Kafka side is tested in the image tests):
 * joining, following, changes kept while the cluster is away, conflicting changes, what stays local.
 */
class ReplicaTest {
    static final UUID SENSOR = UUID.fromString("3f1c1a2e-7b6d-4c1e-9a55-0c1d2e3f4a5b");
    static final UUID OTHER = UUID.fromString("0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d");

    @TempDir
    Path dir;
    final SensorRegistryTest.MutableClock clock = new SensorRegistryTest.MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final List<RegistryEntry> topic = new ArrayList<>();
    final List<Node> nodes = new ArrayList<>();

    /** One appliance: its registry and how far it has read the log. */
    final class Node implements AutoCloseable {
        final Path file;
        RegistryFixture f;
        ClusterReplica replica;
        int read;

        Node(String name) throws Exception {
            file = dir.resolve(name + ".db");
            open();
            nodes.add(this);
        }

        void open() throws Exception {
            f = new RegistryFixture(file, clock);
            replica = new ClusterReplica(f.store, f.registry, f.policy);
        }

        void restart() throws Exception {
            f.close();
            open();
        }

        /** Joins with the log's state as a compacted topic would give it. */
        void join() {
            Map<String, RegistryEntry> state = new LinkedHashMap<>();
            topic.forEach(e -> state.put(e.path(), e));
            replica.join(state);
            read = topic.size();
        }

        /** Sends what is outgoing, then applies what the log holds after what it read. */
        void sync() {
            List<RegistryEntry> out = replica.outgoing(1000);
            topic.addAll(out);
            replica.delivered(out);
            while (read < topic.size()) {
                replica.apply(topic.get(read++));
            }
        }

        Admission admit(UUID uuid, String address) throws Exception {
            return f.registry.admit(uuid, InetAddress.getByName(address), 3);
        }

        @Override
        public void close() {
            f.close();
        }
    }

    @AfterEach
    void close() {
        nodes.forEach(Node::close);
    }

    /** A second node that joins the cluster {@code first} started. */
    Node joinedAfter(Node first) throws Exception {
        first.join();
        first.sync();
        Node next = new Node("two");
        next.join();
        return next;
    }

    void syncAll() {
        for (int round = 0; round < 2; round++) {
            nodes.forEach(Node::sync);
        }
    }

    @Test
    void anApplianceThatLeavesTheClusterKeepsItsRegistryAndStopsRecording() throws Exception {
        Node one = new Node("one");
        one.join();
        one.f.registry.register(SENSOR, "k1", "", "");
        assertTrue(one.replica.outgoing(1000).stream().anyMatch(e -> e.key().equals(SENSOR.toString())), "recorded while a member");
        one.replica.leave();
        assertEquals(List.of(), one.replica.outgoing(10), "what was not sent is dropped");
        one.f.policy.refuseType(8);
        one.restart();
        assertEquals(List.of(), one.replica.outgoing(10), "nothing recorded after leaving, also after a restart");
        assertTrue(one.f.registry.sensor(SENSOR).isPresent(), "its registry stays");
        assertFalse(one.f.policy.acceptedTypes().contains(8));
    }

    @Test
    void aLoneApplianceRecordsNothingToSend() throws Exception {
        Node one = new Node("one");
        one.f.registry.register(SENSOR, "k1", "", "");
        one.f.policy.refuseType(8);
        assertEquals(List.of(), one.replica.outgoing(10));
    }

    @Test
    void theFirstNodeSeedsTheClusterAndTheNextTakesItsStateInsteadOfItsOwn() throws Exception {
        Node one = new Node("one");
        one.f.registry.register(SENSOR, "k1", "lab", "");
        one.f.registry.approve(SENSOR);
        one.f.policy.refuseType(8);
        one.join();
        one.sync();
        assertTrue(topic.stream().anyMatch(e -> e.path().equals("registry.sensors/" + SENSOR)), topic.toString());

        Node two = new Node("two");
        two.f.registry.register(OTHER, "k2", "only here", "");     // made before it joined: the cluster does not have it
        two.f.policy.blacklist(InetAddress.getByName("192.0.2.66"));
        two.join();
        assertTrue(two.admit(SENSOR, "192.0.2.1").accepted(), "approved on node one, admitted on node two");
        assertEquals("k1", new String(two.admit(SENSOR, "192.0.2.1").key(), StandardCharsets.UTF_8));
        assertEquals(Optional.empty(), two.f.registry.sensor(OTHER), "the cluster's state, not the joining node's");
        assertFalse(two.f.policy.acceptedTypes().contains(8));
        assertFalse(two.f.policy.isBlacklisted(InetAddress.getByName("192.0.2.66")));

        two.restart();
        assertTrue(two.admit(SENSOR, "192.0.2.1").accepted(), "kept in its own store");
        assertFalse(two.f.policy.acceptedTypes().contains(8));
    }

    @Test
    void changesOnEitherNodeApplyOnBoth() throws Exception {
        Node one = new Node("one");
        Node two = joinedAfter(one);

        two.f.registry.register(SENSOR, "k1", "", "");
        two.f.registry.approve(SENSOR);
        two.f.policy.blacklist(InetAddress.getByName("2001:db8::1"));
        one.f.policy.setMode(ServerMode.SHARED_SECRET, "shared");
        one.f.policy.acceptExtendedType("my-type");
        syncAll();
        for (Node n : nodes) {
            assertTrue(n.admit(SENSOR, "192.0.2.1").accepted());
            assertTrue(n.f.policy.isBlacklisted(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
            assertEquals(ServerMode.SHARED_SECRET, n.f.policy.mode());
            assertEquals("shared", new String(n.f.policy.defaultKey().orElseThrow(), StandardCharsets.UTF_8));
            assertTrue(n.f.policy.acceptedExtendedTypes().contains("my-type"));
            assertEquals(List.of(), n.replica.outgoing(10), "nothing left to send");
        }

        one.f.policy.unblacklist(InetAddress.getByName("2001:db8::1"));
        one.f.registry.delete(SENSOR);
        syncAll();
        assertFalse(two.f.policy.isBlacklisted(InetAddress.getByName("2001:db8::1")));
        assertEquals(SensorStatus.DELETED, two.f.registry.sensor(SENSOR).orElseThrow().status());
        assertEquals("shared", new String(two.admit(SENSOR, "192.0.2.1").key(), StandardCharsets.UTF_8), "its own key went with it");
    }

    @Test
    void aKickOnOneNodeRefusesTheSensorOnTheOthersForTheKickPeriod() throws Exception {
        Node one = new Node("one");
        Node two = joinedAfter(one);
        one.f.registry.register(SENSOR, "k1", "", "");
        one.f.registry.approve(SENSOR);
        syncAll();
        one.f.registry.kick(SENSOR);
        syncAll();
        assertTrue(two.admit(SENSOR, "192.0.2.1").refusal().orElse("").contains("kicked"), two.admit(SENSOR, "192.0.2.1").toString());
        clock.advance(java.time.Duration.ofSeconds(31));
        assertTrue(two.admit(SENSOR, "192.0.2.1").accepted());

        Node three = new Node("three");
        three.join();
        assertTrue(three.admit(SENSOR, "192.0.2.1").accepted(), "a kick long over does not come back with a join");
    }

    @Test
    void changesMadeWhileTheClusterIsAwaySurviveARestartAndAreSentAfterTheJoin() throws Exception {
        Node one = new Node("one");
        Node two = joinedAfter(one);
        two.f.registry.register(SENSOR, "k1", "", "");    // the brokers are away: nothing is sent
        two.f.registry.approve(SENSOR);
        two.restart();
        assertEquals(1, two.replica.outgoing(10).size(), "kept in the store, latest state of the entry only");
        two.join();
        assertTrue(two.admit(SENSOR, "192.0.2.1").accepted(), "the join kept the change made here");
        syncAll();
        assertTrue(one.admit(SENSOR, "192.0.2.1").accepted());
    }

    @Test
    void whenTwoNodesChangeOneEntryTheLaterInTheTopicWinsEverywhere() throws Exception {
        Node one = new Node("one");
        Node two = joinedAfter(one);
        one.f.registry.register(SENSOR, "k1", "", "");
        syncAll();
        one.f.registry.update(SENSOR, SensorChange.none().withDescription("from one"));
        two.f.registry.update(SENSOR, SensorChange.none().withDescription("from two"));
        one.sync();          // one's change goes first; two still holds its own change, so it keeps it
        assertEquals("from two", two.f.registry.sensor(SENSOR).orElseThrow().description());
        two.sync();
        one.sync();
        for (Node n : nodes) {
            assertEquals("from two", n.f.registry.sensor(SENSOR).orElseThrow().description());
        }
    }

    @Test
    void aSensorsLastErrorStaysOnTheNodeThatSawIt() throws Exception {
        Node one = new Node("one");
        Node two = joinedAfter(one);
        one.f.registry.register(SENSOR, "k1", "", "");
        syncAll();
        one.f.registry.recordError(SENSOR, InetAddress.getByName("192.0.2.1"), 3, "bad frame");
        assertEquals(List.of(), one.replica.outgoing(10));
        one.f.registry.update(SENSOR, SensorChange.none().withMail("ops@example.org"));
        syncAll();
        assertEquals("ops@example.org", two.f.registry.sensor(SENSOR).orElseThrow().mail());
        assertTrue(two.f.registry.sensor(SENSOR).orElseThrow().lastError().isEmpty());
        assertEquals("bad frame", one.f.registry.sensor(SENSOR).orElseThrow().lastError().orElseThrow().reason(), "kept by the echo");
    }

    @Test
    void entriesThatCouldNotHaveBeenMadeHereAreLeftOut() throws Exception {
        Node one = new Node("one");
        one.join();
        one.sync();
        for (RegistryEntry bad : List.of(entry("registry.types", "0", ""), entry("registry.types", "abc", ""),
                entry("registry.types.extended", "bad name!", ""), entry("registry.settings", "mode", "anarchy"),
                entry("registry.blacklist.uuid", "not-a-uuid", ""), entry("registry.sensors", SENSOR.toString(), "{not json"),
                entry("registry.sensors", SENSOR.toString(), "{\"uuid\":\"" + OTHER + "\",\"status\":\"APPROVED\",\"key\":\"k\"}"),
                entry("registry.sensors", "not-a-uuid", "{}"), entry("registry.kicks", SENSOR.toString(), "soon"),
                entry("registry.sensors", SENSOR.toString(), "{\"uuid\":\"" + SENSOR + "\",\"status\":\"APPROVED\",\"key\":null}"),
                entry("registry.sensors", SENSOR.toString(), "{\"uuid\":\"" + SENSOR + "\",\"status\":\"APPROVED\",\"key\":\"k\","
                        + "\"description\":\"" + "x".repeat(2000) + "\"}"),
                entry("registry.sensors", SENSOR.toString().toUpperCase(), "{\"uuid\":\"" + SENSOR + "\",\"status\":\"APPROVED\",\"key\":\"k\"}"),
                entry("registry.types", "007", ""), entry("registry.blacklist.ip", "www.example.com", ""),
                entry("registry.blacklist.ip", "2001:DB8::1", ""), entry("registry.blacklist.uuid", SENSOR.toString().toUpperCase(), ""),
                entry("registry.settings", "default.key", ""), entry("registry.unknown", "x", "y"))) {
            one.replica.apply(bad);
        }
        assertEquals(java.util.Set.of(1, 2, 3, 4, 8, 254), one.f.policy.acceptedTypes());
        assertEquals(java.util.Set.of("ja3-jl"), one.f.policy.acceptedExtendedTypes());
        assertEquals(ServerMode.REGISTRATION, one.f.policy.mode());
        assertTrue(one.f.policy.blacklistedUuids().isEmpty());
        assertTrue(one.f.policy.blacklistedIps().isEmpty());
        assertTrue(one.f.policy.defaultKey().isEmpty());
        assertTrue(one.f.registry.sensors().isEmpty());
        assertTrue(one.f.registry.kickedUntil(SENSOR).isEmpty());
    }

    @Test
    void aKickFromTheClusterLastsNoLongerThanThisNodesKickPeriod() throws Exception {
        Node one = new Node("one");
        one.join();
        one.f.registry.register(SENSOR, "k1", "", "");
        one.f.registry.approve(SENSOR);
        one.replica.apply(entry("registry.kicks", SENSOR.toString(), Long.toString(Long.MAX_VALUE)));
        assertEquals(clock.instant().plusSeconds(30), one.f.registry.kickedUntil(SENSOR).orElseThrow());
        clock.advance(java.time.Duration.ofSeconds(31));
        assertTrue(one.admit(SENSOR, "192.0.2.1").accepted());
    }

    @Test
    void anEntryIsEqualToAnotherWithTheSameBytes() {
        assertEquals(entry("registry.types", "7", "x"), entry("registry.types", "7", "x"));
        assertEquals(entry("registry.types", "7", "x").hashCode(), entry("registry.types", "7", "x").hashCode());
        assertFalse(entry("registry.types", "7", "x").equals(entry("registry.types", "7", "y")));
        assertFalse(entry("registry.types", "7", "").equals(new RegistryEntry("registry.types", "7", Optional.empty())));
        byte[] bytes = {1, 2};
        RegistryEntry e = new RegistryEntry("m", "k", Optional.of(bytes));
        bytes[0] = 9;
        e.value().get()[1] = 9;
        assertEquals(1, e.value().get()[0], "copied in");
        assertEquals(2, e.value().get()[1], "copied out");
    }

    static RegistryEntry entry(String map, String key, String value) {
        return new RegistryEntry(map, key, Optional.of(value.getBytes(StandardCharsets.UTF_8)));
    }
}
