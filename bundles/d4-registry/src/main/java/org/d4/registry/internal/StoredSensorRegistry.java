// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.Admission;
import org.d4.api.registry.RegistryEntry;
import org.d4.api.registry.RegistryException;
import org.d4.api.registry.RegistryException.Problem;
import org.d4.api.registry.Sensor;
import org.d4.api.registry.SensorChange;
import org.d4.api.registry.SensorError;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatus;
import org.d4.api.registry.ServerMode;
import org.d4.api.storage.KeyValueStore;
import org.d4.api.storage.StoredMap;
import org.d4.protocol.FrameChecks;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sensors in the store, mirrored in memory for the admission check of every connection. In a
 * cluster, each change (and each kick) is also recorded in the {@link Outbox} in the same commit;
 * a sensor's last error stays with the appliance that saw it.
 */
@Component(configurationPid = "d4.registry", configurationPolicy = ConfigurationPolicy.OPTIONAL, property = ReplicatedState.PART + "=sensors")
@Designate(ocd = StoredSensorRegistry.Config.class)
public final class StoredSensorRegistry implements SensorRegistry, ReplicatedState {
    private static final Logger LOG = LoggerFactory.getLogger(StoredSensorRegistry.class);
    static final int MAX_TEXT = 1024;
    static final int MAX_UNVERIFIED = 1024;
    static final int MAX_REFUSED_ADDRESSES = 65_536;
    static final String SENSORS_MAP = "registry.sensors";
    /** Kicks travel between appliances as entries of this map; each appliance keeps them in memory only. */
    static final String KICKS_MAP = "registry.kicks";

    @ObjectClassDefinition(name = "D4 sensor registry")
    @interface Config {
        @AttributeDefinition(name = "Kick period (seconds)", min = "1", description = "How long a kicked sensor is refused")
        int kick_s() default 30;
    }

    private final KeyValueStore store;
    private final AccessPolicy policy;
    private final StoredMap<SensorEntry> entries;
    private final JsonCodec<SensorEntry> codec = new JsonCodec<>(SensorEntry.class);
    private final Outbox outbox;
    private final Map<UUID, SensorEntry> cache = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> kicks = new ConcurrentHashMap<>();
    // errors of connections that never proved a key: anyone can cause those, so they stay in memory,
    // bounded, and never replace what a sensor's verified connections recorded
    private final Map<UUID, SensorError> unverified = leastRecentlyUsed(MAX_UNVERIFIED);
    // addresses that claimed a UUID whose addresses are to be blacklisted, until restart
    private final Map<InetAddress, Boolean> refusedAddresses = leastRecentlyUsed(MAX_REFUSED_ADDRESSES);
    private final Duration kickPeriod;
    private final Clock clock;
    private volatile EventAdmin events;

    @Activate
    public StoredSensorRegistry(@Reference KeyValueStore store, @Reference AccessPolicy policy, Config config) {
        this(store, policy, Duration.ofSeconds(config.kick_s()), Clock.systemUTC());
    }

    // public for the tests of the sensor server, which run the real registry on a store file
    public StoredSensorRegistry(KeyValueStore store, AccessPolicy policy, Duration kickPeriod, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.kickPeriod = kickPeriod;
        this.clock = clock;
        this.entries = store.map(SENSORS_MAP, codec);
        this.outbox = new Outbox(store);
        entries.snapshot().values().forEach(e -> cache.put(UUID.fromString(e.uuid()), e));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEvents(EventAdmin eventAdmin) {
        events = eventAdmin;
    }

    void unsetEvents(EventAdmin eventAdmin) {
        if (events == eventAdmin) {
            events = null;
        }
    }

    @Override
    public synchronized Sensor register(UUID uuid, String hmacKey, String description, String mail) {
        requireVersion4(uuid);
        if (hmacKey == null || hmacKey.isEmpty()) {
            throw new RegistryException(Problem.INVALID, "a sensor needs a non-empty HMAC key");
        }
        SensorEntry existing = cache.get(uuid);
        if (existing != null && existing.status() != SensorStatus.DELETED && existing.status() != SensorStatus.UNREGISTERED) {
            throw new RegistryException(Problem.CONFLICT, "sensor " + uuid + " is already registered (" + existing.status().name().toLowerCase() + ")");
        }
        SensorEntry entry = new SensorEntry(uuid.toString(), SensorStatus.PENDING, checkText("hmac_key", hmacKey),
                checkText("description", description), checkText("mail", mail), 0, 0, clock.millis(),
                existing == null ? null : existing.lastError());
        save(uuid, entry);
        LOG.info("Sensor {} registered, pending approval", uuid);
        return entry.toSensor();
    }

    @Override
    public Optional<Sensor> sensor(UUID uuid) {
        return Optional.ofNullable(cache.get(uuid)).map(SensorEntry::toSensor);
    }

    @Override
    public List<Sensor> sensors() {
        return cache.values().stream().map(SensorEntry::toSensor).sorted(Comparator.comparing(Sensor::uuid)).toList();
    }

    @Override
    public synchronized Sensor approve(UUID uuid) {
        SensorEntry entry = existing(uuid);
        if (entry.status() == SensorStatus.DELETED) {
            throw new RegistryException(Problem.CONFLICT, "sensor " + uuid + " was deleted; it must register again");
        }
        SensorEntry approved = entry.withStatus(SensorStatus.APPROVED);
        save(uuid, approved);
        LOG.info("Sensor {} approved", uuid);
        return approved.toSensor();
    }

    @Override
    public synchronized Sensor delete(UUID uuid) {
        SensorEntry deleted = existing(uuid).withStatus(SensorStatus.DELETED);
        save(uuid, deleted);
        disconnect(uuid, "deleted");
        LOG.info("Sensor {} deleted", uuid);
        return deleted.toSensor();
    }

    @Override
    public synchronized Sensor update(UUID uuid, SensorChange change) {
        SensorEntry e = existing(uuid);
        int maxBuffered = change.maxBufferedEntries().orElse(e.maxBufferedEntries());
        int interval = change.monitoringIntervalS().orElse(e.monitoringIntervalS());
        if (maxBuffered < 0 || interval < 0) {
            throw new RegistryException(Problem.INVALID, "limits and intervals cannot be negative");
        }
        String key = change.hmacKey().map(k -> {
            if (k.isEmpty()) {
                throw new RegistryException(Problem.INVALID, "the HMAC key must not be empty");
            }
            return checkText("hmac_key", k);
        }).orElse(e.key());
        SensorEntry updated = new SensorEntry(e.uuid(), e.status(), key,
                change.description().map(d -> checkText("description", d)).orElse(e.description()),
                change.mail().map(m -> checkText("mail", m)).orElse(e.mail()), maxBuffered, interval, e.registeredAt(), e.lastError());
        save(uuid, updated);
        if (change.hmacKey().isPresent()) {
            disconnect(uuid, "key changed");  // its open connections sign with the old key
        }
        return updated.toSensor();
    }

    @Override
    public Optional<byte[]> key(UUID uuid) {
        SensorEntry e = cache.get(uuid);
        return e == null || e.key() == null || e.key().isEmpty() ? Optional.empty() : Optional.of(e.key().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void kick(UUID uuid) {
        Instant until = clock.instant().plus(kickPeriod);
        kicks.put(uuid, until);
        if (outbox.member()) {
            synchronized (this) {
                outbox.changed(KICKS_MAP, uuid.toString(), Optional.of(kickValue(until)));
                store.commit();
            }
        }
        disconnect(uuid, "kicked");
        LOG.info("Sensor {} kicked for {} s", uuid, kickPeriod.toSeconds());
    }

    @Override
    public Optional<Instant> kickedUntil(UUID uuid) {
        Instant until = kicks.get(uuid);
        if (until != null && !until.isAfter(clock.instant())) {
            kicks.remove(uuid, until);
            return Optional.empty();
        }
        return Optional.ofNullable(until);
    }

    @Override
    public Admission admit(UUID uuid, InetAddress peer, int type) {
        if (policy.isBlacklisted(peer)) {
            return Admission.refuse("address " + peer.getHostAddress() + " is blacklisted");
        }
        if (refusedAddress(peer)) {
            return Admission.refuse("address " + peer.getHostAddress() + " is refused: it claimed a UUID that blacklists its address");
        }
        if (policy.isBlacklisted(uuid)) {
            return Admission.refuse("UUID " + uuid + " is blacklisted");
        }
        if (policy.isIpBlacklistedByUuid(uuid)) {
            // the claim is not proven yet, so the address is refused from memory (bounded), never written to the
            // store: otherwise anyone with many addresses (an IPv6 /64) could grow the blacklist without end
            refuseAddress(peer);
            return Admission.refuse("UUID " + uuid + " blacklists its address; " + peer.getHostAddress() + " is now refused");
        }
        Optional<String> badUuid = FrameChecks.uuid(uuid);
        if (badUuid.isPresent()) {
            return Admission.refuse(badUuid.get());
        }
        if (!policy.acceptedTypes().contains(type)) {
            return Admission.refuse("type " + type + " is not accepted by this server");
        }
        Optional<Instant> kicked = kickedUntil(uuid);
        if (kicked.isPresent()) {
            return Admission.refuse("kicked until " + kicked.get());
        }
        SensorEntry entry = cache.get(uuid);
        boolean registered = entry != null && entry.status() != SensorStatus.DELETED;
        if (policy.mode() == ServerMode.SHARED_SECRET) {
            if (registered && entry.key() != null && !entry.key().isEmpty()) {
                return Admission.accept(entry.key().getBytes(StandardCharsets.UTF_8));
            }
            return policy.defaultKey().map(Admission::accept).orElse(Admission.refuse("shared-secret mode without a default key"));
        }
        if (!registered) {
            return Admission.refuse("sensor " + uuid + " is not registered");
        }
        if (entry.status() == SensorStatus.PENDING) {
            return Admission.refuse("sensor " + uuid + " is pending approval");
        }
        return Admission.accept(entry.key().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void recordError(UUID uuid, InetAddress peer, int type, String reason) {
        SensorEntry.ErrorEntry error = new SensorEntry.ErrorEntry(clock.millis(), peer.getHostAddress(), type, clip(reason));
        synchronized (this) {
            SensorEntry entry = cache.get(uuid);
            if (entry == null) {
                // only a registered sensor's key (or the shared secret) can prove a connection; without an entry
                // (shared-secret mode) the error is kept like an unverified one
                recordUnverifiedError(uuid, peer, type, reason);
                return;
            }
            SensorEntry withError = entry.withError(error);
            entries.put(uuid.toString(), withError);  // committed with the store's next periodic commit
            cache.put(uuid, withError);
        }
        postError(uuid, error.peer(), type, error.reason(), true);
    }

    private void postError(UUID uuid, String peer, int type, String reason, boolean verified) {
        EventAdmin eventAdmin = events;
        if (eventAdmin != null) {
            eventAdmin.postEvent(new Event(TOPIC_SENSOR_ERROR,
                    Map.of("uuid", uuid.toString(), "peer", peer, "type", type, "reason", reason, "verified", verified)));
        }
    }

    @Override
    public void recordUnverifiedError(UUID uuid, InetAddress peer, int type, String reason) {
        SensorError error = new SensorError(clock.instant(), peer.getHostAddress(), type, clip(reason));
        synchronized (unverified) {
            unverified.put(uuid, error);
        }
        if (cache.containsKey(uuid)) {
            postError(uuid, error.peer(), type, error.reason(), false);     // a registered sensor's wrong key, say
        }
    }

    @Override
    public Optional<SensorError> lastUnverifiedError(UUID uuid) {
        synchronized (unverified) {
            return Optional.ofNullable(unverified.get(uuid));
        }
    }

    @Override
    public List<Sensor> sensorsWithErrors() {
        Map<UUID, SensorError> unverifiedNow;
        synchronized (unverified) {
            unverifiedNow = new java.util.HashMap<>(unverified);
        }
        List<Sensor> all = new java.util.ArrayList<>();
        for (SensorEntry e : cache.values()) {
            UUID uuid = UUID.fromString(e.uuid());
            if (e.lastError() != null || unverifiedNow.containsKey(uuid)) {
                all.add(e.toSensor());
            }
        }
        unverifiedNow.keySet().stream().filter(uuid -> !cache.containsKey(uuid))
                .forEach(uuid -> all.add(new SensorEntry(uuid.toString(), SensorStatus.UNREGISTERED, null, "", "", 0, 0,
                        unverifiedNow.get(uuid).at().toEpochMilli(), null).toSensor()));
        return all.stream().sorted(Comparator.comparing((Sensor s) -> latestError(s, unverifiedNow)).reversed()).toList();
    }

    private static Instant latestError(Sensor s, Map<UUID, SensorError> unverifiedNow) {
        Instant verified = s.lastError().map(SensorError::at).orElse(Instant.EPOCH);
        SensorError other = unverifiedNow.get(s.uuid());
        return other != null && other.at().isAfter(verified) ? other.at() : verified;
    }

    private boolean refusedAddress(InetAddress peer) {
        synchronized (refusedAddresses) {
            return refusedAddresses.get(peer) != null;
        }
    }

    private void refuseAddress(InetAddress peer) {
        synchronized (refusedAddresses) {
            refusedAddresses.put(peer, Boolean.TRUE);
        }
    }

    /** A map that forgets its least recently used entry beyond {@code max}; not thread-safe. */
    private static <K, V> Map<K, V> leastRecentlyUsed(int max) {
        return new java.util.LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    private static String clip(String reason) {
        return reason.length() > MAX_TEXT ? reason.substring(0, MAX_TEXT) : reason;
    }

    private SensorEntry existing(UUID uuid) {
        SensorEntry e = cache.get(uuid);
        if (e == null) {
            throw new RegistryException(Problem.NOT_FOUND, "no sensor " + uuid);
        }
        return e;
    }

    private void save(UUID uuid, SensorEntry entry) {
        entries.put(uuid.toString(), entry);
        outbox.changed(SENSORS_MAP, uuid.toString(), Optional.of(shared(entry)));
        store.commit();
        cache.put(uuid, entry);
    }

    /** An entry as other appliances get it: without the last error, which stays where it happened. */
    private byte[] shared(SensorEntry entry) {
        return codec.encode(entry.withError(null));
    }

    @Override
    public Map<String, Map<String, byte[]>> entries() {
        Map<String, byte[]> sensors = new java.util.TreeMap<>();
        cache.forEach((uuid, e) -> sensors.put(uuid.toString(), shared(e)));
        Map<String, byte[]> kicked = new java.util.TreeMap<>();
        kicks.forEach((uuid, until) -> kicked.put(uuid.toString(), kickValue(until)));
        return Map.of(SENSORS_MAP, sensors, KICKS_MAP, kicked);
    }

    @Override
    public synchronized void take(RegistryEntry entry) {
        UUID uuid;
        try {
            uuid = UUID.fromString(entry.key());
        } catch (IllegalArgumentException e) {
            return;
        }
        if (outbox.holds(entry.map(), entry.key())) {
            return;
        }
        if (!uuid.toString().equals(entry.key())) {
            return;     // the one text form this appliance writes, or a later change here would not find the entry
        }
        if (entry.map().equals(KICKS_MAP)) {
            Instant now = clock.instant();
            Instant longest = now.plus(kickPeriod);      // another node's clock or configuration cannot refuse a sensor for longer
            entry.value().map(v -> parseMillis(v)).filter(until -> until.isAfter(now)).ifPresent(until -> {
                kicks.merge(uuid, until.isAfter(longest) ? longest : until, (a, b) -> a.isAfter(b) ? a : b);
                disconnect(uuid, "kicked");
            });
        } else if (entry.map().equals(SENSORS_MAP)) {
            takeSensor(uuid, entry.value());
        }
    }

    private void takeSensor(UUID uuid, Optional<byte[]> value) {
        SensorEntry before = cache.get(uuid);
        if (value.isEmpty()) {
            entries.remove(uuid.toString());
            cache.remove(uuid);
            disconnect(uuid, "deleted");
            return;
        }
        SensorEntry sent;
        try {
            sent = codec.decode(value.get());
            // checked as a registration here would be: an admitted sensor without a key would fail every connection
            if (!uuid.toString().equals(sent.uuid()) || sent.status() == null || sent.status() == SensorStatus.UNREGISTERED || sent.key() == null
                    || sent.key().isEmpty() || sent.key().length() > MAX_TEXT || length(sent.description()) > MAX_TEXT || length(sent.mail()) > MAX_TEXT
                    || sent.maxBufferedEntries() < 0 || sent.monitoringIntervalS() < 0) {
                LOG.warn("Left out the cluster's entry of sensor {}: not one this appliance would have written", uuid);
                return;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warn("Left out the cluster's entry of sensor {}: {}", uuid, e.getMessage());
            return;
        }
        SensorEntry after = sent.withError(before == null ? null : before.lastError());
        entries.put(uuid.toString(), after);
        cache.put(uuid, after);
        if (before != null && (after.status() == SensorStatus.DELETED && before.status() != SensorStatus.DELETED
                || !java.util.Objects.equals(before.key(), after.key()))) {
            disconnect(uuid, after.status() == SensorStatus.DELETED ? "deleted" : "key changed");
        }
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** A kick as the cluster carries it: until when, epoch milliseconds as text ({@link #parseMillis} reads it). */
    private static byte[] kickValue(Instant until) {
        return Long.toString(until.toEpochMilli()).getBytes(StandardCharsets.UTF_8);
    }

    private static Instant parseMillis(byte[] text) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(new String(text, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private void disconnect(UUID uuid, String why) {
        EventAdmin eventAdmin = events;
        if (eventAdmin != null) {
            eventAdmin.postEvent(new Event(TOPIC_DISCONNECT, Map.of("uuid", uuid.toString(), "reason", why)));
        }
    }

    private static String checkText(String field, String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_TEXT) {
            throw new RegistryException(Problem.INVALID, field + " is longer than " + MAX_TEXT + " characters");
        }
        return value;
    }

    /** The UUID rule of the protocol (version 4, RFC 4122 variant), as the protocol codec states it. */
    private static void requireVersion4(UUID uuid) {
        if (uuid == null) {
            throw new RegistryException(Problem.INVALID, "invalid UUID: none given");
        }
        FrameChecks.uuid(uuid).ifPresent(problem -> {
            throw new RegistryException(Problem.INVALID, "invalid UUID: " + problem);
        });
    }
}
