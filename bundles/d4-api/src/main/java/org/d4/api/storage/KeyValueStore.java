// SPDX-License-Identifier: Apache-2.0
package org.d4.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Named, persistent maps with string keys. Changes become durable at the next commit: either an
 * explicit {@link #commit()} (for changes an operator made and expects to survive anything), or the
 * store's own periodic commit (bounded delay, default 1 s). A crash loses at most the changes since
 * the last commit and never leaves the store unreadable.
 *
 * <p>Thread-safe. Map names are short identifiers ({@code [a-z0-9._-]+}) owned by the calling bundle,
 * by convention prefixed with its concern, e.g. {@code registry.sensors}.
 */
@ProviderType
public interface KeyValueStore {

    /** The map of that name, created empty on first use. The same name always gives the same map. */
    <V> StoredMap<V> map(String name, ValueCodec<V> codec);

    /** The counters of that name, created empty on first use. */
    CounterMap counters(String name);

    /** Makes every change made so far durable before returning. */
    void commit();
}
