// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
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
    private static final Pattern NODE_KEY = Pattern.compile(NODE + NodeId.CANONICAL);
    private static final Pattern CLAIM_KEY = Pattern.compile(CLAIM + NodeId.CANONICAL + "/(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    /** More than any cluster has: records beyond are left out, so memory stays bounded whatever the topic holds. */
    static final int MAX_CLAIMS = 1_000_000;
    static final int MAX_NODES = 10_000;

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
    /** While joining: this node's claims from before a restart whose record is still the latest. */
    private final Set<String> stale = new HashSet<>();

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
     * @param joining  whether the topic is being read up to its end after a (re)start: this node's
     *                 own claims found then are from before, and are removed once the end is
     *                 reached ({@link #caughtUp}) unless another node's claim came after them
     * @param recordMs the record's time: while joining, whether a node was heard from lately
     */
    synchronized Optional<Runnable> apply(String key, byte[] value, boolean joining, long recordMs) {
        if (key != null && NODE_KEY.matcher(key).matches()) {
            String other = key.substring(NODE.length());
            if (!other.equals(node) && value != null) {
                heardAt(other, joining, recordMs);
            }
            return Optional.empty();
        }
        if (key == null || !CLAIM_KEY.matcher(key).matches()) {
            return Optional.empty();
        }
        Claim held = claims.get(key);
        if (value == null) {
            stale.remove(key);
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
        boolean live = held != null && held.node.equals(node) && held.lost != null;
        if (theirs.node.equals(node)) {
            if (joining && !live) {
                stale.add(key);           // from before a restart: no connection holds it now
            } else if (joining && held.since != theirs.since) {
                owed.put(key, Optional.of(value(held)));      // the claim held now goes after that old one
            }
            return Optional.empty();
        }
        stale.remove(key);
        owed.remove(key, Optional.<byte[]>empty());      // a release of ours sent after their claim would remove it
        heardAt(theirs.node, joining, recordMs);
        if (live) {
            if (!theirs.earlierThan(held)) {
                owed.put(key, Optional.of(value(held)));      // ours stands, and must be the latest record: theirs yields on reading it
                return Optional.empty();
            }
            claims.put(key, theirs);
            owed.remove(key);
            return Optional.of(held.lost);
        }
        if (held != null || claims.size() < MAX_CLAIMS) {
            claims.put(key, theirs);
        }
        return Optional.empty();
    }

    /**
     * The topic was read to its end after a (re)start: this node's claims from before go. Their
     * record is the key's latest (a later one of another node takes the key out of {@link #stale}),
     * so a claim of another node read before it is written again after it, else a tombstone goes.
     */
    synchronized void caughtUp() {
        for (String key : stale) {
            Claim held = claims.get(key);
            if (held != null && !held.node.equals(node)) {
                owed.put(key, Optional.of(value(held)));
            } else if (held == null || held.lost == null) {
                claims.remove(key);
                owed.put(key, Optional.empty());
            }
        }
        stale.clear();
    }

    /**
     * A record of this key did not reach the brokers: what this node now knows of the key is owed
     * again (its claim, or the release of one), unless a newer record is owed already.
     */
    synchronized void resync(String key) {
        Claim held = claims.get(key);
        if (held != null && held.node.equals(node)) {
            owed.putIfAbsent(key, Optional.of(value(held)));
        } else if (held == null) {
            owed.putIfAbsent(key, Optional.empty());
        }
    }

    /**
     * Forgets nodes silent for an hour and their claims: memory stays bounded. A node silent for
     * less keeps its claims (they do not count meanwhile, see {@link #claim}): its claims are written
     * once, so a node that stalls for a few seconds and goes on must find them still known.
     */
    synchronized void evictLapsed() {
        long now = nanoClock.getAsLong();
        heard.values().removeIf(at -> now - at > TimeUnit.HOURS.toNanos(1));
        claims.values().removeIf(c -> !c.node.equals(node) && !heard.containsKey(c.node));
    }

    /** Notes that a node was heard from: now, or while joining at the record's time (by this node's clock). */
    private void heardAt(String other, boolean joining, long recordMs) {
        long ago = joining ? Math.max(0, wallClock.getAsLong() - recordMs) : 0;
        if (heard.size() < MAX_NODES || heard.containsKey(other)) {
            heard.merge(other, nanoClock.getAsLong() - ago * 1_000_000, Math::max);
        }
    }

    private boolean alive(String other) {
        Long at = heard.get(other);
        return at != null && nanoClock.getAsLong() - at < DEAD_AFTER_MS * 1_000_000;
    }

    /** The records owed to the topic, taken; for one that fails to go, {@link #resync} owes it again as it stands then. */
    synchronized List<Map.Entry<String, Optional<byte[]>>> takeOwed() {
        List<Map.Entry<String, Optional<byte[]>>> out = new ArrayList<>();
        owed.forEach((key, value) -> out.add(Map.entry(key, value)));
        owed.clear();
        return out;
    }

    /** This node's heartbeat record. */
    Map.Entry<String, byte[]> heartbeat() {
        return Map.entry(NODE + node, Long.toString(wallClock.getAsLong()).getBytes(StandardCharsets.UTF_8));
    }

    /** Claims known, this node's and the others'. */
    synchronized int known() {
        return claims.size();
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
