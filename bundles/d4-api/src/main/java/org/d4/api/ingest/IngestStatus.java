// SPDX-License-Identifier: Apache-2.0
package org.d4.api.ingest;

import java.util.Set;
import java.util.UUID;
import org.osgi.annotation.versioning.ProviderType;

/** The sensor port as it runs now; registered only while it listens. */
@ProviderType
public interface IngestStatus {

    /** The TCP port sensors connect to. */
    int port();

    /** Sensors with at least one verified connection now. */
    Set<UUID> connectedSensors();

    /** Open TCP connections, verified or not. */
    int openConnections();

    /** Bytes held before their frame's HMAC is verified, across all connections, and what became of the limit. */
    UnverifiedMemory unverifiedBytes();

    /**
     * The sensor port's memory budget for unverified bytes.
     *
     * @param limit            bytes all connections may hold before verification
     * @param held             held now (payloads and the room granted for the next reads)
     * @param peak             the most held at once since the port opened
     * @param waiting          connections that stopped reading until there is room
     * @param closedForMemory  connections that proved no key, closed to make room since the port opened
     */
    record UnverifiedMemory(long limit, long held, long peak, int waiting, long closedForMemory) {
    }
}
