// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionClaimsTest {
    private static final UUID SENSOR = UUID.fromString("0b5e3f2a-6a1b-4c3d-9e8f-0a1b2c3d4e5f");
    private static final String KEY = "claim/" + SENSOR + "/8";
    private static final String ME = "22222222-0000-4000-8000-000000000000";
    private static final String EARLIER_ID = "11111111-0000-4000-8000-000000000000";
    private static final String LATER_ID = "33333333-0000-4000-8000-000000000000";

    private long nanos = 1_000_000_000L;
    private long millis = 1_700_000_000_000L;
    private final SessionClaims claims = new SessionClaims(ME, () -> nanos, () -> millis);

    private static byte[] claim(String node, long since) {
        return (node + " " + since).getBytes(StandardCharsets.UTF_8);
    }

    /** The records owed, as text ("-" for a tombstone). */
    private Map<String, String> owed() {
        Map<String, String> out = new TreeMap<>();
        claims.takeOwed().forEach(e -> out.put(e.getKey(), e.getValue().map(v -> new String(v, StandardCharsets.UTF_8)).orElse("-")));
        return out;
    }

    @Test
    void aConnectionAnotherLiveNodeHoldsIsRefusedUntilItIsReleasedOrTheNodeFallsSilent() {
        claims.apply(KEY, claim(LATER_ID, millis - 5_000), false, millis);
        assertFalse(claims.claim(SENSOR, 8, () -> { }), "held by a node heard from just now");
        assertTrue(claims.claim(SENSOR, 3, () -> { }), "another type is free");

        claims.apply(KEY, null, false, millis);       // released
        assertTrue(claims.claim(SENSOR, 8, () -> { }));
        claims.release(SENSOR, 8);
        owed();

        claims.apply(KEY, claim(LATER_ID, millis), false, millis);
        nanos += (SessionClaims.DEAD_AFTER_MS - 1) * 1_000_000;
        assertFalse(claims.claim(SENSOR, 8, () -> { }), "still within the silence allowed");
        nanos += 2_000_000;
        assertTrue(claims.claim(SENSOR, 8, () -> { }), "a node not heard from for the silence allowed holds nothing (killed)");
        assertEquals(Map.of(KEY, ME + " " + millis), owed());
    }

    @Test
    void ofTwoClaimsAtOnceTheEarlierKeepsTheConnection() {
        AtomicInteger lost = new AtomicInteger();
        assertTrue(claims.claim(SENSOR, 8, lost::incrementAndGet));
        assertEquals(Optional.empty(), claims.apply(KEY, claim(EARLIER_ID, millis + 1), false, millis), "theirs is later: ours stands");
        claims.apply(KEY, claim(LATER_ID, millis), false, millis).ifPresent(Runnable::run);
        assertEquals(0, lost.get(), "same moment: the lower node id keeps it, ours");
        claims.apply(KEY, claim(EARLIER_ID, millis), false, millis).ifPresent(Runnable::run);
        assertEquals(1, lost.get(), "same moment, lower id: ours yields");
        owed();
        claims.release(SENSOR, 8);
        assertEquals(Map.of(), owed(), "the claim is theirs now: closing our connection releases nothing");
        assertFalse(claims.claim(SENSOR, 8, () -> { }));
    }

    @Test
    void aTombstoneNeverRemovesThisNodesClaim() {
        assertTrue(claims.claim(SENSOR, 8, () -> { }));
        claims.apply(KEY, null, false, millis);       // another node's release, older than our claim
        claims.apply(KEY, claim(LATER_ID, millis + 10), false, millis);
        owed();
        claims.release(SENSOR, 8);
        assertEquals(Map.of(KEY, "-"), owed(), "still ours to release");
    }

    @Test
    void claimsOfThisNodeFromBeforeARestartAreRemovedOnceTheTopicIsRead() {
        String stale = "claim/" + SENSOR + "/3";
        assertTrue(claims.claim(SENSOR, 8, () -> { }));       // taken while joining: a live connection
        owed();
        claims.apply(stale, claim(ME, millis - 60_000), true, millis);
        claims.apply(KEY, claim(ME, millis - 60_000), true, millis);
        assertEquals(Map.of(KEY, ME + " " + millis), owed(), "the live claim goes after the old record of it; the stale one waits for the end");
        claims.caughtUp();
        assertEquals(Map.of(stale, "-"), owed(), "then the old one goes");
        claims.apply(KEY, claim(ME, millis), false, millis);          // our own record read back
        assertEquals(1, claims.held());
    }

    @Test
    void anOldClaimOfThisNodeIsNotReleasedWhenAnotherNodeClaimedAfterIt() {
        String key = "claim/" + SENSOR + "/3";
        claims.apply(key, claim(ME, millis - 60_000), true, millis - 60_000);
        claims.apply(key, claim(LATER_ID, millis - 1_000), true, millis - 1_000);      // another node took the sensor after our crash
        claims.caughtUp();
        assertEquals(Map.of(), owed(), "no release: it would remove their claim everywhere");
        assertFalse(claims.claim(SENSOR, 3, () -> { }), "theirs holds (heard from a second ago, by its record's time)");
    }

    @Test
    void aReleaseThatFailsIsNotUndoneByTheClaimBeforeItFailingToo() {
        assertTrue(claims.claim(SENSOR, 8, () -> { }));
        owed();                                     // the claim is on its way
        claims.release(SENSOR, 8);
        owed();                                     // and so is the release
        claims.resync(KEY);                         // the claim failed first
        claims.resync(KEY);                         // then the release
        assertEquals(Map.of(KEY, "-"), owed(), "what is owed is what the node knows now: released");
    }

    @Test
    void theEarlierOfTwoClaimsIsSentAgainSoThatItIsTheLatestRecord() {
        assertTrue(claims.claim(SENSOR, 8, () -> { }));
        owed();
        claims.apply(KEY, claim(LATER_ID, millis + 500), false, millis);       // made during an outage, read after ours
        assertEquals(Map.of(KEY, ME + " " + millis), owed(), "ours again, after theirs: every node then keeps ours");
    }

    @Test
    void aReleaseOwedIsDroppedWhenAnotherNodesClaimIsRead() {
        assertTrue(claims.claim(SENSOR, 8, () -> { }));
        owed();
        claims.release(SENSOR, 8);
        claims.apply(KEY, claim(LATER_ID, millis + 10), false, millis);
        assertEquals(Map.of(), owed(), "sent now, the release would remove their claim");
    }

    @Test
    void theClaimsOfANodeSilentForAnHourAreForgotten() {
        claims.apply(KEY, claim(LATER_ID, millis), false, millis);
        nanos += (SessionClaims.DEAD_AFTER_MS + 1) * 1_000_000;
        claims.evictLapsed();
        assertEquals(1, claims.known(), "a node silent for seconds may only have stalled: its claim is kept, though it does not count");
        nanos += TimeUnit.HOURS.toNanos(1);
        claims.evictLapsed();
        assertEquals(0, claims.known(), "nothing kept of a node silent for an hour");
    }

    @Test
    void aNodeThatStalledAndGoesOnStillHoldsItsConnections() {
        claims.apply(KEY, claim(LATER_ID, millis), false, millis);
        nanos += (SessionClaims.DEAD_AFTER_MS + 1) * 1_000_000;
        claims.evictLapsed();
        claims.apply("node/" + LATER_ID, "1".getBytes(StandardCharsets.UTF_8), false, millis);      // its heartbeat again
        assertFalse(claims.claim(SENSOR, 8, () -> { }), "its claim, written once, counts again");
    }

    @Test
    void whileJoiningTheClaimsReadBeforeTheirNodesHeartbeatAreKept() {
        claims.apply(KEY, claim(LATER_ID, millis - 600_000), true, millis - 600_000);     // a claim ten minutes old
        claims.evictLapsed();
        claims.apply("node/" + LATER_ID, "1".getBytes(StandardCharsets.UTF_8), true, millis);    // then its latest heartbeat
        claims.caughtUp();
        assertFalse(claims.claim(SENSOR, 8, () -> { }), "the node is alive and holds the connection");
    }

    @Test
    void anOldClaimOfThisNodeReadAfterAnotherNodesClaimIsFollowedByThatClaim() {
        claims.apply(KEY, claim(LATER_ID, millis - 2_000), true, millis - 2_000);
        claims.apply(KEY, claim(ME, millis - 1_000), true, millis - 1_000);       // ours, from before the restart, is the latest record
        claims.caughtUp();
        assertEquals(Map.of(KEY, LATER_ID + " " + (millis - 2_000)), owed(), "their claim is written again, so that it is the latest record");
    }

    @Test
    void whileJoiningAnOldHeartbeatDoesNotMakeADeadNodeLookAlive() {
        claims.apply("node/" + LATER_ID, "1".getBytes(StandardCharsets.UTF_8), true, millis - 3_600_000);
        claims.apply(KEY, claim(LATER_ID, millis - 3_600_000), true, millis - 3_600_000);
        assertTrue(claims.claim(SENSOR, 8, () -> { }), "its records are an hour old: it holds nothing");
    }

    @Test
    void recordsThatAreNotClaimsAreLeftOut() {
        String[] keys = {null, "other/x", "claim/" + SENSOR + "/256", "claim/" + SENSOR + "/-1", "claim/" + SENSOR + "/08", "claim/not-a-uuid/8",
            "claim/" + SENSOR.toString().toUpperCase() + "/8", "claim/" + SENSOR + "/8/x", "node/../x"};
        for (String key : keys) {
            assertEquals(Optional.empty(), claims.apply(key, claim(LATER_ID, millis), false, millis), key);
        }
        assertEquals(Optional.empty(), claims.apply(KEY, "garbage".getBytes(StandardCharsets.UTF_8), false, millis));
        assertEquals(Optional.empty(), claims.apply(KEY, (LATER_ID + " soon").getBytes(StandardCharsets.UTF_8), false, millis));
        assertEquals(0, claims.known(), "nothing was kept of them");
        assertTrue(claims.claim(SENSOR, 8, () -> { }), "nothing was taken from them");
    }

    @Test
    void aHeartbeatKeepsTheOtherNodesClaimsAlive() {
        claims.apply(KEY, claim(LATER_ID, millis), false, millis);
        for (int i = 0; i < 5; i++) {
            nanos += SessionClaims.HEARTBEAT_MS * 1_000_000;
            claims.apply("node/" + LATER_ID, "1".getBytes(StandardCharsets.UTF_8), false, millis);
        }
        assertFalse(claims.claim(SENSOR, 8, () -> { }), "heard from every few seconds: it still holds it");
        assertEquals("node/" + ME, claims.heartbeat().getKey());
    }
}
