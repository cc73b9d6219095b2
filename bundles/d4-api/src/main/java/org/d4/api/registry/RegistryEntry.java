// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the registry's state as appliances of a cluster exchange it: an entry of one of the
 * registry's maps ({@code registry.sensors}, {@code registry.blacklist.ip}, ...), its key, and its
 * value, empty when the entry was removed.
 */
public record RegistryEntry(String map, String key, Optional<byte[]> value) {
    public RegistryEntry {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(key, "key");
        value = Objects.requireNonNullElse(value, Optional.<byte[]>empty()).map(byte[]::clone);
    }

    /** The value's bytes (a copy), if the entry is present. */
    @Override
    public Optional<byte[]> value() {
        return value.map(byte[]::clone);
    }

    /** Equal when map, key and the value's bytes are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryEntry e && map.equals(e.map) && key.equals(e.key) && value.isPresent() == e.value.isPresent()
                && (value.isEmpty() || Arrays.equals(value.get(), e.value.get()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(map, key) * 31 + value.map(Arrays::hashCode).orElse(0);
    }

    @Override
    public String toString() {
        return path() + value.map(v -> " (" + v.length + " bytes)").orElse(" (removed)");
    }

    /** The map and key in one text, {@code map/key}: map names hold no '/'. */
    public String path() {
        return path(map, key);
    }

    /** The path of an entry: {@code map/key}. */
    public static String path(String map, String key) {
        return map + "/" + key;
    }

    /** The entry at {@code map/key}; IllegalArgumentException when there is no '/'. */
    public static RegistryEntry at(String path, byte[] value) {
        int slash = path.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("not a registry path (map/key): " + path);
        }
        return new RegistryEntry(path.substring(0, slash), path.substring(slash + 1), Optional.ofNullable(value));
    }
}
