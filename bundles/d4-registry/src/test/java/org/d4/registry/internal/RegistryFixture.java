// SPDX-License-Identifier: Apache-2.0
package org.d4.registry.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.d4.storage.mapdb.internal.MapDbFile;

/** The registry's components on a real store file, reopened as the appliance would after a restart. */
final class RegistryFixture implements AutoCloseable {
    final MapDbFile store;
    final StoredAccessPolicy policy;
    final StoredSensorRegistry registry;

    RegistryFixture(Path file, Clock clock) throws Exception {
        store = new MapDbFile(file);
        policy = new StoredAccessPolicy(store);
        registry = new StoredSensorRegistry(store, policy, Duration.ofSeconds(30), clock);
    }

    @Override
    public void close() {
        store.close();
    }
}
