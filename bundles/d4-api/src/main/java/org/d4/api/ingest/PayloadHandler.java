// SPDX-License-Identifier: Apache-2.0
package org.d4.api.ingest;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A type worker: turns the verified payloads of a connection into files, lines, queue items.
 * Registered as a service with {@link #TYPES} (and, for type 254, {@link #EXTENDED_TYPES}); for each
 * new session the server picks the matching handler with the highest service ranking.
 */
@ConsumerType
public interface PayloadHandler {

    /** Service property: the frame types handled ({@code int[]} or {@code Integer}); absent means every type. */
    String TYPES = "d4.types";

    /** Service property: the extended types handled for type 254 ({@code String[]}); absent means every one. */
    String EXTENDED_TYPES = "d4.extended.types";

    /**
     * Starts a session. Called once per connection, before its first payload, on a thread that may
     * block. Throwing closes the connection and records the message as the sensor's error.
     */
    PayloadSession open(SessionInfo session) throws IOException;
}
