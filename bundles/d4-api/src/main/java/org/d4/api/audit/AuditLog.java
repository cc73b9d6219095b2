// SPDX-License-Identifier: Apache-2.0
package org.d4.api.audit;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The appliance's audit log. Recording never throws and never blocks on a slow disk for long; the
 * log is bounded (the oldest entries are dropped past a configured size).
 */
@ProviderType
public interface AuditLog {

    /** Records an action; the entry's own sequence number is ignored and a new one given. */
    void record(AuditEntry entry);

    /**
     * Entries newest first, at most {@code limit}, with a sequence number below {@code before}
     * ({@link Long#MAX_VALUE} for the newest), so a caller pages back through the log.
     */
    List<AuditEntry> entries(long before, int limit);
}
