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
}
