// SPDX-License-Identifier: Apache-2.0
package org.d4.api.storage;

import java.util.Optional;
import java.util.SortedMap;
import java.util.function.UnaryOperator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A persistent map with string keys, kept in key order. Thread-safe; {@link #update} is atomic per
 * key. Values are copied in and out through the map's {@link ValueCodec}: mutating a returned value
 * does not change the store.
 */
@ProviderType
public interface StoredMap<V> {

    Optional<V> get(String key);

    void put(String key, V value);

    /** The removed value, if there was one. */
    Optional<V> remove(String key);

    /**
     * Atomically replaces the value of {@code key} with {@code change(current)}, where current is
     * null when absent; a null result removes the key. Returns the new value (null if removed).
     */
    V update(String key, UnaryOperator<V> change);

    boolean containsKey(String key);

    int size();

    /** A consistent copy of the whole map, in key order. */
    SortedMap<String, V> snapshot();

    /** A copy of the entries whose key starts with {@code prefix}, in key order. */
    SortedMap<String, V> withPrefix(String prefix);

    void clear();
}
