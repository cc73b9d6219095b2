// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import java.util.List;
import java.util.Optional;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's side of the audit log: every change made in the console (and every login) is
 * recorded on channel {@code console} when an {@link AuditLog} is deployed; without one the console
 * works the same and the actions go to the appliance log only.
 */
@Component(service = ConsoleAudit.class)
public final class ConsoleAudit {
    static final String CHANNEL = "console";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAudit.class);

    private volatile AuditLog log;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindLog(AuditLog log) {
        this.log = log;
    }

    void unbindLog(AuditLog gone) {
        if (log == gone) {
            log = null;
        }
    }

    void record(String actor, String remote, String action, String target, boolean success, String detail) {
        LOG.info("console: {} {} {} {} {}{}", actor, remote, action, target, success ? "ok" : "refused",
                detail == null || detail.isEmpty() ? "" : ": " + detail);
        AuditLog current = log;
        if (current != null) {
            current.record(AuditEntry.of(actor, CHANNEL, remote, action, target, success, detail));
        }
    }

    void record(ConsoleUser user, String action, String target, boolean success, String detail) {
        record(user.name(), user.remote(), action, target, success, detail);
    }

    /** The log, while one is deployed. */
    Optional<AuditLog> log() {
        return Optional.ofNullable(log);
    }

    List<AuditEntry> entries(long before, int limit) {
        AuditLog current = log;
        return current == null ? List.of() : current.entries(before, limit);
    }
}
