// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The sensor statistics of every appliance of a cluster, so that the cluster's day can be seen
 * from any of them with each node's share: every node publishes its own (today's counts, UTC) at a
 * short interval through a topic. Provided by the cluster link when it is configured.
 */
@ProviderType
public interface ClusterStatistics {

    /** Every node's latest statistics, this node's included, by host name then id. */
    List<NodeStatistics> nodes();
}
