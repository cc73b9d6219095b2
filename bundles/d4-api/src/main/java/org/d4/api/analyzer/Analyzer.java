// SPDX-License-Identifier: Apache-2.0
package org.d4.api.analyzer;

import java.util.Map;
import org.d4.api.queue.QueueItem;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An in-JVM analyzer. Register it as a service with at least {@link #NAME} and {@link #TYPE}
 * (most easily with {@link AnalyzerSubscription} on the component); the appliance binds it when it
 * appears, feeds it from its own queue (created on first sight unless {@link #QUEUE} names one) and
 * keeps that queue filling, bounded, while the analyzer is away.
 *
 * <p>Items arrive one at a time, oldest first, on one thread per analyzer. An item is removed
 * from the queue only after {@link #analyze} returned: after a crash it may come again (at least
 * once). An item that throws is retried, and set aside as a dead letter after
 * {@link #MAX_ATTEMPTS} tries; the other analyzers are not affected.
 */
@ConsumerType
public interface Analyzer {
    /** Service property (String, required): the analyzer's unique name, e.g. {@code passivedns}. */
    String NAME = "d4.analyzer.name";
    /** Service property (Integer, required): the D4 type consumed, 1 to 254. */
    String TYPE = "d4.analyzer.type";
    /** Service property (String): for type 254, the extended type consumed. */
    String EXTENDED_TYPE = "d4.analyzer.extended.type";
    /** Service property (String[]): only data of these sensor UUIDs; absent for every sensor. */
    String SENSORS = "d4.analyzer.sensors";
    /** Service property (String): the UUID of an existing queue to consume instead of the analyzer's own. */
    String QUEUE = "d4.analyzer.queue";
    /** Service property (Integer): the maximum length of the queue created for the analyzer. */
    String MAX_QUEUE_SIZE = "d4.analyzer.queue.max.size";
    /** Service property (Integer): deliveries of one item before it becomes a dead letter. */
    String MAX_ATTEMPTS = "d4.analyzer.max.attempts";

    /**
     * Handles one item.
     *
     * @throws Exception when the item could not be handled; it is tried again
     */
    void analyze(QueueItem item) throws Exception;

    /**
     * The analyzer's own counters and state (an exporter's connection, say), shown next to its
     * delivery status on the console, the REST API and the shell. Called from any thread; must be
     * quick and must not block.
     *
     * @return names to values (numbers, text, times); empty by default
     */
    default Map<String, Object> details() {
        return Map.of();
    }
}
