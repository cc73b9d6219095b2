// SPDX-License-Identifier: Apache-2.0
package org.d4.api.storage;

import java.util.SortedMap;
import org.osgi.annotation.versioning.ProviderType;

/** Persistent named counters, in key order. Thread-safe; {@link #add} is atomic. */
@ProviderType
public interface CounterMap {

    /** Adds {@code delta} (may be negative) and returns the new value; an absent counter starts at 0. */
    long add(String key, long delta);

    /** The value, 0 when absent. */
    long get(String key);

    /** A copy of the counters whose key starts with {@code prefix}, in key order. */
    SortedMap<String, Long> withPrefix(String prefix);

    /** Removes the counters whose key starts with {@code prefix}; returns how many. */
    int removePrefix(String prefix);
}
