// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Pattern;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.RegistryEntry;
import org.d4.api.registry.RegistryException;
import org.d4.api.registry.RegistryException.Problem;
import org.d4.api.registry.ServerMode;
import org.d4.api.storage.KeyValueStore;
import org.d4.api.storage.StoredMap;
import org.d4.api.storage.ValueCodec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The access policy in the store, mirrored in memory because the server consults it for every
 * connection. Writes go to the store first, then to memory, and are committed before returning;
 * in a cluster each change is also recorded in the {@link Outbox} in the same commit.
 */
@Component(property = ReplicatedState.PART + "=policy")
public final class StoredAccessPolicy implements AccessPolicy, ReplicatedState {
    static final Set<Integer> DEFAULT_TYPES = Set.of(1, 2, 3, 4, 8, 254);
    static final Set<String> DEFAULT_EXTENDED_TYPES = Set.of("ja3-jl");
    private static final Pattern EXTENDED_NAME = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String MODE = "mode";
    private static final String DEFAULT_KEY = "default.key";
    private static final String INITIALIZED = "initialized";

    private final KeyValueStore store;
    private final Outbox outbox;
    private final Map<String, StoredMap<String>> maps = new LinkedHashMap<>();
    private final StoredMap<String> settings;
    private final StoredMap<String> uuids;
    private final StoredMap<String> ips;
    private final StoredMap<String> ipByUuid;
    private final StoredMap<String> types;
    private final StoredMap<String> extendedTypes;
    private final Set<String> uuidCache = new ConcurrentSkipListSet<>();
    private final Set<String> ipCache = new ConcurrentSkipListSet<>();
    private final Set<String> ipByUuidCache = new ConcurrentSkipListSet<>();
    private final Set<Integer> typeCache = new ConcurrentSkipListSet<>();
    private final Set<String> extendedCache = new ConcurrentSkipListSet<>();
    private volatile ServerMode mode;
    private volatile byte[] defaultKey;

    @Activate
    public StoredAccessPolicy(@Reference KeyValueStore store) {
        this.store = store;
        this.outbox = new Outbox(store);
        settings = map("registry.settings");
        uuids = map("registry.blacklist.uuid");
        ips = map("registry.blacklist.ip");
        ipByUuid = map("registry.blacklist.ip-by-uuid");
        types = map("registry.types");
        extendedTypes = map("registry.types.extended");
        if (settings.get(INITIALIZED).isEmpty()) {
            DEFAULT_TYPES.forEach(t -> types.put(Integer.toString(t), ""));
            DEFAULT_EXTENDED_TYPES.forEach(t -> extendedTypes.put(t, ""));
            settings.put(MODE, ServerMode.REGISTRATION.id());
            settings.put(INITIALIZED, "true");
            store.commit();
        }
        reload();
    }

    private StoredMap<String> map(String name) {
        StoredMap<String> map = store.map(name, ValueCodec.utf8());
        maps.put(name, map);
        return map;
    }

    /** Memory from the store. */
    private void reload() {
        uuidCache.addAll(uuids.snapshot().keySet());
        ipCache.addAll(ips.snapshot().keySet());
        ipByUuidCache.addAll(ipByUuid.snapshot().keySet());
        types.snapshot().keySet().forEach(t -> typeCache.add(Integer.parseInt(t)));
        extendedCache.addAll(extendedTypes.snapshot().keySet());
        mode = ServerMode.fromId(settings.get(MODE).orElse(ServerMode.REGISTRATION.id()));
        defaultKey = settings.get(DEFAULT_KEY).map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public Map<String, Map<String, byte[]>> entries() {
        Map<String, Map<String, byte[]>> all = new LinkedHashMap<>();
        maps.forEach((name, map) -> {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            map.snapshot().forEach((k, v) -> entries.put(k, v.getBytes(StandardCharsets.UTF_8)));
            all.put(name, entries);
        });
        return all;
    }

    @Override
    public synchronized void take(RegistryEntry entry) {
        StoredMap<String> map = maps.get(entry.map());
        if (map == null || outbox.holds(entry.map(), entry.key()) || !acceptable(entry)) {
            return;
        }
        boolean present = entry.value().isPresent();
        if (present) {
            map.put(entry.key(), new String(entry.value().get(), StandardCharsets.UTF_8));
        } else {
            map.remove(entry.key());
        }
        // memory follows the one entry (not a reload of every map: a join takes thousands of entries)
        switch (entry.map()) {
            case "registry.settings" -> {
                mode = ServerMode.fromId(settings.get(MODE).orElse(ServerMode.REGISTRATION.id()));
                defaultKey = settings.get(DEFAULT_KEY).map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
            }
            case "registry.types" -> follow(typeCache, Integer.parseInt(entry.key()), present);
            case "registry.types.extended" -> follow(extendedCache, entry.key(), present);
            case "registry.blacklist.uuid" -> follow(uuidCache, entry.key(), present);
            case "registry.blacklist.ip" -> follow(ipCache, entry.key(), present);
            default -> follow(ipByUuidCache, entry.key(), present);
        }
    }

    private static <T> void follow(Set<T> cache, T key, boolean present) {
        if (present) {
            cache.add(key);
        } else {
            cache.remove(key);
        }
    }

    /**
     * What another appliance sent is checked as a change made here would be, keys in the one text
     * form this appliance writes (a type as {@code 7}, not {@code 007}; a UUID in lower case; an
     * address as {@link #canonical}), so that a later change here finds the same entry.
     */
    private static boolean acceptable(RegistryEntry entry) {
        String key = entry.key();
        try {
            return switch (entry.map()) {
                case "registry.types" -> {
                    checkType(Integer.parseInt(key));
                    yield Integer.toString(Integer.parseInt(key)).equals(key);
                }
                case "registry.types.extended" -> checkExtended(key).equals(key);
                case "registry.blacklist.uuid", "registry.blacklist.ip-by-uuid" -> UUID.fromString(key).toString().equals(key);
                case "registry.blacklist.ip" -> isAddressLiteral(key) && canonical(InetAddress.getByName(key)).equals(key);
                case "registry.settings" -> switch (key) {
                    case MODE -> entry.value().isEmpty() || ServerMode.fromId(new String(entry.value().get(), StandardCharsets.UTF_8)) != null;
                    case DEFAULT_KEY -> entry.value().map(v -> v.length > 0 && v.length <= 1024).orElse(true);
                    default -> true;
                };
                default -> false;
            };
        } catch (RuntimeException | java.net.UnknownHostException e) {
            return false;
        }
    }

    /** An IP address written out (never a name: checking one must not ask the DNS). */
    private static boolean isAddressLiteral(String text) {
        return text.contains(":") ? text.matches("[0-9a-fA-F:.%]{2,64}") : text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    @Override
    public ServerMode mode() {
        return mode;
    }

    @Override
    public synchronized void setMode(ServerMode newMode, String newDefaultKey) {
        if (newDefaultKey != null && newDefaultKey.isEmpty()) {
            throw new RegistryException(Problem.INVALID, "the default key must not be empty");
        }
        if (newMode == ServerMode.SHARED_SECRET && newDefaultKey == null && defaultKey == null) {
            throw new RegistryException(Problem.INVALID, "shared-secret mode needs a default key");
        }
        settings.put(MODE, newMode.id());
        outbox.changed("registry.settings", MODE, Optional.of(newMode.id().getBytes(StandardCharsets.UTF_8)));
        if (newDefaultKey != null) {
            settings.put(DEFAULT_KEY, newDefaultKey);
            outbox.changed("registry.settings", DEFAULT_KEY, Optional.of(newDefaultKey.getBytes(StandardCharsets.UTF_8)));
        }
        store.commit();
        mode = newMode;
        if (newDefaultKey != null) {
            defaultKey = newDefaultKey.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public Optional<byte[]> defaultKey() {
        byte[] key = defaultKey;
        return key == null ? Optional.empty() : Optional.of(key.clone());
    }

    @Override
    public boolean isBlacklisted(UUID uuid) {
        return uuidCache.contains(uuid.toString());
    }

    @Override
    public boolean isBlacklisted(InetAddress address) {
        return ipCache.contains(canonical(address));
    }

    @Override
    public boolean isIpBlacklistedByUuid(UUID uuid) {
        return ipByUuidCache.contains(uuid.toString());
    }

    @Override
    public SortedSet<UUID> blacklistedUuids() {
        return toUuids(uuidCache);
    }

    @Override
    public SortedSet<String> blacklistedIps() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(ipCache));
    }

    @Override
    public SortedSet<UUID> ipBlacklistingUuids() {
        return toUuids(ipByUuidCache);
    }

    @Override
    public boolean blacklist(UUID uuid) {
        return add(uuids, uuidCache, uuid.toString());
    }

    @Override
    public boolean unblacklist(UUID uuid) {
        return remove(uuids, uuidCache, uuid.toString());
    }

    @Override
    public boolean blacklist(InetAddress address) {
        return add(ips, ipCache, canonical(address));
    }

    @Override
    public boolean unblacklist(InetAddress address) {
        return remove(ips, ipCache, canonical(address));
    }

    @Override
    public boolean blacklistIpOf(UUID uuid) {
        return add(ipByUuid, ipByUuidCache, uuid.toString());
    }

    @Override
    public boolean unblacklistIpOf(UUID uuid) {
        return remove(ipByUuid, ipByUuidCache, uuid.toString());
    }

    @Override
    public SortedSet<Integer> acceptedTypes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(typeCache));
    }

    @Override
    public synchronized boolean acceptType(int type) {
        checkType(type);
        boolean added = write(types, Integer.toString(type), true);
        typeCache.add(type);
        return added;
    }

    @Override
    public synchronized boolean refuseType(int type) {
        checkType(type);
        boolean removed = write(types, Integer.toString(type), false);
        typeCache.remove(type);
        return removed;
    }

    @Override
    public Set<String> acceptedExtendedTypes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(extendedCache));
    }

    @Override
    public boolean acceptExtendedType(String name) {
        return add(extendedTypes, extendedCache, checkExtended(name));
    }

    @Override
    public boolean refuseExtendedType(String name) {
        return remove(extendedTypes, extendedCache, checkExtended(name));
    }

    // the store first, then the in-memory copy: a failed commit never leaves memory ahead of the disk
    private synchronized boolean add(StoredMap<String> map, Set<String> cache, String key) {
        boolean added = write(map, key, true);
        cache.add(key);
        return added;
    }

    private synchronized boolean remove(StoredMap<String> map, Set<String> cache, String key) {
        boolean removed = write(map, key, false);
        cache.remove(key);
        return removed;
    }

    private boolean write(StoredMap<String> map, String key, boolean present) {
        boolean changed = present ? !map.containsKey(key) : map.containsKey(key);
        if (changed) {
            if (present) {
                map.put(key, "");
            } else {
                map.remove(key);
            }
            outbox.changed(nameOf(map), key, present ? Optional.of(new byte[0]) : Optional.empty());
            store.commit();
        }
        return changed;
    }

    private String nameOf(StoredMap<String> map) {
        return maps.entrySet().stream().filter(e -> e.getValue() == map).findFirst().orElseThrow().getKey();
    }

    private static void checkType(int type) {
        if (type < 1 || type > 255) {
            throw new RegistryException(Problem.INVALID, "a type is a number from 1 to 255, not " + type);
        }
    }

    private static String checkExtended(String name) {
        if (name == null || !EXTENDED_NAME.matcher(name).matches()) {
            throw new RegistryException(Problem.INVALID, "an extended type is 1-64 of [A-Za-z0-9._:-], not '" + name + "'");
        }
        return name;
    }

    /** One text form per address, so ::1 and 0:0:0:0:0:0:0:1 are the same entry. */
    static String canonical(InetAddress address) {
        return address.getHostAddress();
    }

    private static SortedSet<UUID> toUuids(Set<String> values) {
        SortedSet<UUID> result = new TreeSet<>();
        values.forEach(v -> result.add(UUID.fromString(v)));
        return Collections.unmodifiableSortedSet(result);
    }
}
