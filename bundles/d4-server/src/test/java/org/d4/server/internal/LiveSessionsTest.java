// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.d4.api.ingest.ClusterSessions;
import org.junit.jupiter.api.Test;

class LiveSessionsTest {
    private static final UUID SENSOR = UUID.fromString("4d8e3f2a-6a1b-4c3d-9e8f-0a1b2c3d4e5f");

    /** A cluster where another appliance holds the claims in {@code elsewhere}. */
    private static final class Cluster implements ClusterSessions {
        final Set<String> elsewhere = new HashSet<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean claim(UUID uuid, int type, Runnable lost) {
            calls.add("claim " + type);
            return !elsewhere.contains(uuid + "/" + type);
        }

        @Override
        public void release(UUID uuid, int type) {
            calls.add("release " + type);
        }
    }

    @Test
    void aConnectionHeldOnAnotherApplianceIsRefusedAndLeavesNothingBound() {
        LiveSessions live = new LiveSessions();
        Cluster cluster = new Cluster();
        live.cluster(cluster);
        cluster.elsewhere.add(SENSOR + "/8");
        EmbeddedChannel first = new EmbeddedChannel();
        assertFalse(live.bind(SENSOR, 8, first, () -> { }), "held elsewhere");
        assertEquals(List.of(), live.of(SENSOR));

        cluster.elsewhere.clear();        // the other appliance let it go
        assertTrue(live.bind(SENSOR, 8, first, () -> { }), "not left bound here by the refusal");
        assertFalse(live.bind(SENSOR, 8, new EmbeddedChannel(), () -> { }), "a second one here is refused before the cluster is asked");
        live.unbind(SENSOR, 8, first);
        assertEquals(List.of("claim 8", "claim 8", "release 8"), cluster.calls);
    }

    @Test
    void metaHeaderTypesAreNotClaimed() {
        LiveSessions live = new LiveSessions();
        Cluster cluster = new Cluster();
        live.cluster(cluster);
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        assertTrue(live.bind(SENSOR, 254, a, () -> { }));
        assertTrue(live.bind(SENSOR, 254, b, () -> { }));
        live.unbind(SENSOR, 254, a);
        assertEquals(List.of(), cluster.calls);
        assertEquals(List.of(b), live.of(SENSOR));
    }

    @Test
    void aReplacedClusterIsNotClearedByTheOldOnesDeparture() {
        LiveSessions live = new LiveSessions();
        Cluster old = new Cluster();
        Cluster replacement = new Cluster();
        live.cluster(old);
        live.cluster(replacement);
        live.clusterGone(old);
        assertTrue(live.bind(SENSOR, 3, new EmbeddedChannel(), () -> { }));
        assertEquals(List.of("claim 3"), replacement.calls);
        live.clusterGone(replacement);
        assertTrue(live.bind(SENSOR, 4, new EmbeddedChannel(), () -> { }));
        assertEquals(List.of("claim 3"), replacement.calls, "no cluster asked once it left");
    }

    @Test
    void connectionsTakenBeforeTheClusterCameAreClaimedInIt() {
        LiveSessions live = new LiveSessions();
        EmbeddedChannel kept = new EmbeddedChannel();
        EmbeddedChannel heldElsewhere = new EmbeddedChannel();
        assertTrue(live.bind(SENSOR, 8, kept, () -> { }));
        assertTrue(live.bind(SENSOR, 3, heldElsewhere, () -> { }));
        Cluster cluster = new Cluster();
        cluster.elsewhere.add(SENSOR + "/3");
        live.cluster(cluster);
        assertEquals(Set.of("claim 8", "claim 3"), Set.copyOf(cluster.calls));
        assertTrue(kept.isOpen());
        assertFalse(heldElsewhere.isOpen(), "another appliance holds it: closed, as a second connection would be");
    }
}
