// SPDX-License-Identifier: Apache-2.0
package org.d4.server.internal;

import java.util.concurrent.Executor;
import org.d4.api.registry.AccessPolicy;
import org.d4.api.registry.SensorRegistry;
import org.d4.api.registry.SensorStatistics;

/** What every connection of one running listener shares; {@code payloadArrays} gives each network thread its own pool. */
record ServerContext(ServerConfig config, SensorRegistry registry, AccessPolicy policy, SensorStatistics statistics,
        Dispatcher dispatcher, Executor executor, ThreadLocal<PayloadArrays> payloadArrays, LiveSessions live, UnverifiedBytes budget) {
}
