// SPDX-License-Identifier: Apache-2.0
package org.d4.api.queue;

import java.util.Objects;

/**
 * One source of a {@link QueueFeed}: a topic.
 *
 * @param name           the topic
 * @param data           the data its units are, as the local queues know it
 * @param partitions     how many of its partitions this appliance reads now (appliances of one group share them)
 * @param lag            units in those partitions not taken yet, -1 while not known (before the first read)
 * @param taken          units taken into the local queues since the appliance started
 * @param unitsPerSecond units taken per second over the last minute
 */
public record FeedSource(String name, QueueSelector data, int partitions, long lag, long taken, double unitsPerSecond) {
    public FeedSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
    }
}
