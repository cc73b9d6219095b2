// SPDX-License-Identifier: Apache-2.0
package org.d4.api.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded action.
 *
 * @param sequence increasing number given by the log when the entry is recorded (0 before)
 * @param time     when the action was done
 * @param actor    the user name, or a fixed name such as {@code anonymous} or {@code system}
 * @param channel  the way in: {@code console}, {@code rest}, {@code shell}, {@code ssh}, {@code resp}
 * @param remote   the client's address where known, empty otherwise
 * @param action   what was done, a short dotted verb such as {@code sensor.approve} or {@code login}
 * @param target   what it was done to (a sensor UUID, a user, a queue), empty if nothing
 * @param success  false for a refused or failed attempt
 * @param detail   free text, empty if nothing; never a secret
 */
public record AuditEntry(long sequence, Instant time, String actor, String channel, String remote,
                         String action, String target, boolean success, String detail) {
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(action, "action");
        remote = remote == null ? "" : remote;
        target = target == null ? "" : target;
        detail = detail == null ? "" : detail;
    }

    /** An entry to record now; the log assigns the sequence number. */
    public static AuditEntry of(String actor, String channel, String remote, String action, String target,
                                boolean success, String detail) {
        return new AuditEntry(0, Instant.now(), actor, channel, remote, action, target, success, detail);
    }
}
