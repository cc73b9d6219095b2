// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.net.InetAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.d4.common.DaemonThreads;
import org.d4.api.registry.SensorStatistics;
import org.d4.api.storage.CounterMap;
import org.d4.api.storage.KeyValueStore;
import org.d4.api.storage.StoredMap;
import org.d4.api.storage.ValueCodec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts in memory (lock-free adders) and moves the counts into the store every second, then
 * commits the store, so the ingest path never waits for storage and a crash loses at most the last
 * second of counts. Each connection counts through its own {@link ConnectionCounter}, which holds
 * its adders for the day. (Left to the store's own periodic commit, the two timers' delays would add up to
 * two seconds.) Keys: {@code <day>|sensor|<uuid>}, {@code <day>|ip|<addr>},
 * {@code <day>|type|<n>}, {@code <day>|bytes|<uuid>}.
 */
@Component
public final class StoredStatistics implements SensorStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(StoredStatistics.class);
    static final int LAST_ADDRESSES = 16;
    /** A key's last-seen time reaches the store at most this often (exact in memory, and on stop). */
    static final long SEEN_STORE_EVERY_S = 60;

    private final KeyValueStore store;
    private final CounterMap daily;
    private final StoredMap<String> seenStore;
    private final StoredMap<String> addressStore;
    private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
    private final Map<String, long[]> seen = new ConcurrentHashMap<>();       // key -> {first, last} epoch seconds
    private final Set<String> seenDirty = ConcurrentHashMap.newKeySet();
    private final Map<String, long[]> seenStored = new ConcurrentHashMap<>();  // key -> {first, last} as last written
    private final Map<String, Set<Integer>> typesSeen = new ConcurrentHashMap<>();  // sensor -> types with a seen key
    private final Map<UUID, List<String>> addresses = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;

    @Activate
    public StoredStatistics(@Reference KeyValueStore store) {
        this.store = store;
        daily = store.counters("stats.daily");
        seenStore = store.map("stats.seen", ValueCodec.utf8());
        addressStore = store.map("stats.addresses", ValueCodec.utf8());
        seenStore.snapshot().forEach((k, text) -> {
            String[] parts = text.split(",");
            long[] v = {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
            seen.put(k, v);
            seenStored.put(k, v.clone());
            indexType(k);
        });
        addressStore.snapshot().forEach((k, v) -> addresses.put(UUID.fromString(k), new ArrayList<>(Arrays.asList(v.split(",")))));
    }

    @Activate
    void start() {
        flusher = DaemonThreads.scheduler("d4-statistics");
        flusher.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() {
        flusher.shutdownNow();
        flush(true);
    }

    @Override
    public FrameCounter frameCounter(UUID uuid, InetAddress peer, int type) {
        return new ConnectionCounter(this, uuid, peer.getHostAddress(), type);
    }

    @Override
    public void connected(UUID uuid, InetAddress peer, Instant at) {
        String address = peer.getHostAddress();
        List<String> list = addresses.computeIfAbsent(uuid, u -> new ArrayList<>());
        String joined;
        synchronized (list) {
            list.remove(address);
            list.add(0, address);
            while (list.size() > LAST_ADDRESSES) {
                list.remove(list.size() - 1);
            }
            joined = String.join(",", list);
        }
        addressStore.put(uuid.toString(), joined);
        touch(uuid.toString(), at.getEpochSecond());
    }

    @Override
    public List<String> lastAddresses(UUID uuid) {
        List<String> list = addresses.get(uuid);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    @Override
    public Optional<Seen> seen(UUID uuid) {
        return Optional.ofNullable(seen.get(uuid.toString())).map(StoredStatistics::toSeen);
    }

    @Override
    public SortedMap<Integer, Seen> seenTypes(UUID uuid) {
        SortedMap<Integer, Seen> result = new TreeMap<>();
        String prefix = uuid + "|";
        for (int type : typesSeen.getOrDefault(uuid.toString(), Set.of())) {
            long[] v = seen.get(prefix + type);
            if (v != null) {
                result.put(type, toSeen(v));
            }
        }
        return result;
    }

    @Override
    public SortedMap<String, Long> framesPerSensor(LocalDate day) {
        return counts(day, "sensor");
    }

    @Override
    public SortedMap<String, Long> framesPerAddress(LocalDate day) {
        return counts(day, "ip");
    }

    @Override
    public SortedMap<Integer, Long> framesPerType(LocalDate day) {
        SortedMap<Integer, Long> result = new TreeMap<>();
        counts(day, "type").forEach((k, v) -> result.put(Integer.parseInt(k), v));
        return result;
    }

    @Override
    public SortedMap<Integer, Long> framesPerType(LocalDate day, UUID uuid) {
        SortedMap<Integer, Long> result = new TreeMap<>();
        counts(day, "sensortype|" + uuid).forEach((k, v) -> result.put(Integer.parseInt(k), v));
        return result;
    }

    @Override
    public SortedMap<String, Long> bytesPerSensor(LocalDate day) {
        return counts(day, "bytes");
    }

    /**
     * The stored counts plus those still in memory. Reading never writes the store: the console's
     * pages read these on every view and must not wait for the store while it commits.
     */
    private SortedMap<String, Long> counts(LocalDate day, String kind) {
        String prefix = day + "|" + kind + "|";
        SortedMap<String, Long> result = new TreeMap<>();
        daily.withPrefix(prefix).forEach((k, v) -> result.put(k.substring(prefix.length()), v));
        pending.forEach((k, adder) -> {
            if (k.startsWith(prefix)) {
                long v = adder.sum();
                if (v != 0) {
                    result.merge(k.substring(prefix.length()), v, Long::sum);
                }
            }
        });
        return result;
    }

    /** The in-memory adder of a counter key; it stays in use until two days after its own. */
    LongAdder adder(String key) {
        return pending.computeIfAbsent(key, k -> new LongAdder());
    }

    void touch(String key, long seconds) {
        seen.compute(key, (k, v) -> {
            if (v == null) {
                return new long[] {seconds, seconds};
            }
            v[0] = Math.min(v[0], seconds);
            v[1] = Math.max(v[1], seconds);
            return v;
        });
        if (seenDirty.add(key)) {
            indexType(key);
        }
    }

    /** A {@code <uuid>|<type>} key is listed under its sensor, so a sensor's types are found without a scan. */
    private void indexType(String key) {
        int bar = key.indexOf('|');
        if (bar > 0) {
            try {
                int type = Integer.parseInt(key.substring(bar + 1));
                typesSeen.computeIfAbsent(key.substring(0, bar), k -> ConcurrentHashMap.newKeySet()).add(type);
            } catch (NumberFormatException e) {
                // not a type key: nothing to list
            }
        }
    }

    /** Moves pending counts into the store; the store's periodic commit makes them durable. */
    void flush() {
        flush(false);
    }

    /**
     * As {@link #flush()}; last-seen times reach the store when new or {@link #SEEN_STORE_EVERY_S}
     * old there, or all of them with {@code everything}: with ten thousand sensors each write is a
     * B-tree update, and a time a minute old after a crash costs nothing.
     */
    synchronized void flush(boolean everything) {
        for (Map.Entry<String, LongAdder> e : pending.entrySet()) {
            long delta = e.getValue().sum();
            if (delta != 0) {
                // into the store first, then out of memory: a reader may count it twice for a moment, never not at all
                daily.add(e.getKey(), delta);
                e.getValue().add(-delta);
            }
        }
        // keys of past days get no more counts: drop their adders so memory stays bounded. Yesterday's
        // stay, as a connection's counter may still hold one at midnight (it moves on with its next frame).
        String yesterday = day(Instant.now().minus(1, ChronoUnit.DAYS));
        pending.entrySet().removeIf(e -> e.getKey().compareTo(yesterday) < 0 && e.getValue().sum() == 0);
        long now = Instant.now().getEpochSecond();
        for (String key : List.copyOf(seenDirty)) {
            long[] v = seen.get(key);
            if (v == null) {
                seenDirty.remove(key);
                continue;
            }
            long first = v[0];
            long last = v[1];
            long[] stored = seenStored.get(key);
            if (everything || stored == null || stored[0] != first || last - stored[1] >= SEEN_STORE_EVERY_S
                    || now - stored[1] >= SEEN_STORE_EVERY_S) {
                seenDirty.remove(key);
                seenStore.put(key, first + "," + last);
                seenStored.put(key, new long[] {first, last});
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
            store.commit();
        } catch (RuntimeException e) {
            LOG.warn("Could not store statistics; retrying", e);
        }
    }

    static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    private static Seen toSeen(long[] v) {
        return new Seen(Instant.ofEpochSecond(v[0]), Instant.ofEpochSecond(v[1]));
    }
}
