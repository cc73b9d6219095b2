// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.d4.api.ingest.ClusterSessions;

/**
 * Which node of the cluster holds each sensor's connection of a type, as this node knows it from
 * the sessions topic, and the records it owes the topic. A claim is {@code claim/<uuid>/<type>}
 * with the value {@code <node> <since ms>}, removed by a tombstone when the connection ends; each
 * node also writes {@code node/<node>} every second while it runs. A claim counts while its
 * node was heard from within {@link #DEAD_AFTER_MS} (by this node's clock, so clocks need not
 * agree): a node killed with its connections stops holding them after that, and its sensors can
 * go on with another node. Of two claims made at the same moment on two nodes, the earlier (then
 * the lower node id) keeps the connection on both nodes' reckoning.
 */
final class SessionClaims implements ClusterSessions {
    static final long HEARTBEAT_MS = 1_000;
    static final long DEAD_AFTER_MS = 5_000;
    private static final String CLAIM = "claim/";
    private static final String NODE = "node/";

    private record Claim(String node, long since, Runnable lost) {
        boolean earlierThan(Claim other) {
            return since != other.since ? since < other.since : node.compareTo(other.node) < 0;
        }
    }

    private final String node;
    private final LongSupplier nanoClock;
    private final LongSupplier wallClock;
    private final Map<String, Claim> claims = new ConcurrentHashMap<>();
    /** When each other node was last heard from (this node's nano clock). */
    private final Map<String, Long> heard = new ConcurrentHashMap<>();
    /** Records owed to the topic, the latest per key; an empty value is a tombstone. */
    private final Map<String, Optional<byte[]>> owed = new ConcurrentHashMap<>();

    SessionClaims(String node, LongSupplier nanoClock, LongSupplier wallClock) {
        this.node = node;
        this.nanoClock = nanoClock;
        this.wallClock = wallClock;
    }

    @Override
    public synchronized boolean claim(UUID uuid, int type, Runnable lost) {
        String key = CLAIM + uuid + "/" + type;
        Claim held = claims.get(key);
        if (held != null && !held.node.equals(node) && alive(held.node)) {
            return false;
        }
        Claim mine = new Claim(node, wallClock.getAsLong(), lost);
        claims.put(key, mine);
        owed.put(key, Optional.of(value(mine)));
        return true;
    }

    @Override
    public synchronized void release(UUID uuid, int type) {
        String key = CLAIM + uuid + "/" + type;
        Claim held = claims.get(key);
        if (held != null && held.node.equals(node)) {
            claims.remove(key);
            owed.put(key, Optional.empty());
        }
    }

    /**
     * Applies a record read from the topic. Returns what a lost claim asks of its connection: to
     * be run outside the lock, by the caller.
     *
     * @param joining whether the topic is being read up to its end after a (re)start: this node's
     *                own claims found then are from before and are removed, unless held again now
     */
    synchronized Optional<Runnable> apply(String key, byte[] value, boolean joining) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.startsWith(NODE)) {
            String other = key.substring(NODE.length());
            if (!other.equals(node) && value != null) {
                heard.put(other, nanoClock.getAsLong());
            }
            return Optional.empty();
        }
        if (!key.startsWith(CLAIM)) {
            return Optional.empty();
        }
        Claim held = claims.get(key);
        if (value == null) {
            if (held != null && !held.node.equals(node)) {
                claims.remove(key);         // a tombstone never removes this node's claim: it may be newer than the release
            }
            return Optional.empty();
        }
        Optional<Claim> read = parse(value);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Claim theirs = read.get();
        if (theirs.node.equals(node)) {
            if (joining && (held == null || held.lost == null)) {
                claims.remove(key);
                owed.put(key, Optional.empty());      // from before a restart: no connection holds it now
            }
            return Optional.empty();
        }
        heard.put(theirs.node, nanoClock.getAsLong());
        if (held != null && held.node.equals(node) && held.lost != null) {
            if (!theirs.earlierThan(held)) {
                return Optional.empty();            // ours stands; theirs yields when it reads ours
            }
            claims.put(key, theirs);
            owed.remove(key);
            return Optional.of(held.lost);
        }
        claims.put(key, theirs);
        return Optional.empty();
    }

    private boolean alive(String other) {
        Long at = heard.get(other);
        return at != null && nanoClock.getAsLong() - at < DEAD_AFTER_MS * 1_000_000;
    }

    /** The records owed to the topic, taken; those that fail to go are given back with {@link #owe}. */
    synchronized List<Map.Entry<String, Optional<byte[]>>> takeOwed() {
        List<Map.Entry<String, Optional<byte[]>>> out = new ArrayList<>();
        owed.forEach((key, value) -> out.add(Map.entry(key, value)));
        owed.clear();
        return out;
    }

    /** Gives back a record that did not go, unless a newer one for its key is owed meanwhile. */
    void owe(String key, Optional<byte[]> value) {
        owed.putIfAbsent(key, value);
    }

    /** This node's heartbeat record. */
    Map.Entry<String, byte[]> heartbeat() {
        return Map.entry(NODE + node, Long.toString(wallClock.getAsLong()).getBytes(StandardCharsets.UTF_8));
    }

    /** Connections this node holds now, by the cluster's reckoning. */
    long held() {
        return claims.values().stream().filter(c -> c.node.equals(node)).count();
    }

    private static byte[] value(Claim c) {
        return (c.node + " " + c.since).getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<Claim> parse(byte[] value) {
        String[] parts = new String(value, StandardCharsets.UTF_8).split(" ");
        try {
            return parts.length == 2 && !parts[0].isEmpty() ? Optional.of(new Claim(parts[0], Long.parseLong(parts[1]), null)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
