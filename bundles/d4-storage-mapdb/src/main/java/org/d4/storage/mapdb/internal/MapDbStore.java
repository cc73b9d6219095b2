// SPDX-License-Identifier: Apache-2.0
package org.d4.storage.mapdb.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.d4.api.storage.CounterMap;
import org.d4.api.storage.KeyValueStore;
import org.d4.api.storage.StoredMap;
import org.d4.api.storage.ValueCodec;
import org.d4.common.ApplianceDirs;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The appliance's store in {@code data/d4.db}: committed at least every interval, closed cleanly on stop. */
@Component(configurationPid = "d4.storage", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = MapDbStore.Config.class)
public final class MapDbStore implements KeyValueStore {
    private static final Logger LOG = LoggerFactory.getLogger(MapDbStore.class);

    @ObjectClassDefinition(name = "D4 storage", description = "The embedded metadata store (MapDB, with atomic commits through a redo log)")
    @interface Config {
        @AttributeDefinition(name = "File", description = "Relative to the image root")
        String file() default "data/d4.db";

        @AttributeDefinition(name = "Commit interval (ms)", min = "10",
                description = "Longest time a change waits before it is durable; a crash loses at most this window")
        long commit_interval_ms() default 1000;
    }

    private final MapDbFile file;
    private final PeriodicCommits commits;

    @Activate
    public MapDbStore(BundleContext context, Config config) throws IOException {
        Path path = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).resolve(config.file());
        this.file = new MapDbFile(path);
        this.commits = new PeriodicCommits("d4-storage-commit", "Store", file::commit, config.commit_interval_ms(), () -> false);
        LOG.info("Store {} open", path);
    }

    @Deactivate
    void close() {
        commits.close();
        file.close();
        LOG.info("Store closed");
    }

    @Override
    public <V> StoredMap<V> map(String name, ValueCodec<V> codec) {
        return file.map(name, codec);
    }

    @Override
    public CounterMap counters(String name) {
        return file.counters(name);
    }

    @Override
    public void commit() {
        file.commit();
    }
}
