// SPDX-License-Identifier: Apache-2.0
package org.d4.api.ingest;

import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One live connection per sensor and type across the appliances of a cluster, not only within one
 * (types 2 and 254 excepted, as on one appliance). The sensor server asks before it takes a
 * connection and says when it ends. Provided by the cluster link when it is configured; without it
 * the rule holds per appliance.
 */
@ProviderType
public interface ClusterSessions {

    /**
     * Claims the sensor's connection of this type for this appliance; false when another appliance
     * of the cluster holds it (the connection is refused, as a second one on one appliance is).
     * Answers from memory: it is called on the network threads. When two appliances claimed at
     * the same moment, the later claim loses once both know it: its {@code lost} runs (once, on
     * another thread) and the connection should close.
     */
    boolean claim(UUID uuid, int type, Runnable lost);

    /** The connection this appliance claimed ended. */
    void release(UUID uuid, int type);
}
