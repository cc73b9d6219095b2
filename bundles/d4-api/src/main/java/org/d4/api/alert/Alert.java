// SPDX-License-Identifier: Apache-2.0
package org.d4.api.alert;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert: raised when its condition began, resolved when it ended (empty while it lasts). The
 * pair ({@link #kind}, {@link #subject}) identifies it: the same condition is never raised twice
 * while it lasts.
 *
 * @param sequence its number in the history, increasing
 * @param kind     what sort of condition
 * @param subject  what it is about: a sensor UUID, a queue UUID, an analyzer name, a folder, a certificate
 * @param severity how urgent
 * @param message  a readable explanation, as of when it was raised (or last changed)
 * @param raised   when the condition was first seen
 * @param resolved when it was seen to be over
 */
public record Alert(long sequence, Kind kind, String subject, Severity severity, String message, Instant raised, Optional<Instant> resolved) {
    public Alert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(raised, "raised");
        resolved = Objects.requireNonNullElse(resolved, Optional.empty());
    }

    /** {@code kind/subject}: what identifies the condition. */
    public String key() {
        return kind.topicName() + "/" + subject;
    }

    public boolean active() {
        return resolved.isEmpty();
    }

    public Alert resolvedAt(Instant at) {
        return new Alert(sequence, kind, subject, severity, message, raised, Optional.of(at));
    }

    /** The conditions watched. */
    public enum Kind {
        /** An approved sensor sent nothing for longer than its monitoring interval. */
        SENSOR_SILENT,
        /** A sensor's connections keep failing (bad HMAC, refused type, protocol errors). */
        SENSOR_ERRORS,
        /** An analyzer queue is fuller than the configured ratio of its maximum size. */
        QUEUE_FILLING,
        /** An analyzer queue dropped items (it was full). */
        QUEUE_DROPPING,
        /** An analyzer throws on the items it is given. */
        ANALYZER_FAILING,
        /** An analyzer has dead letters waiting for the operator. */
        ANALYZER_DEAD_LETTERS,
        /** The file system of the data folder is close to full. */
        DISK_SPACE,
        /** The appliance's TLS certificate (HTTPS and sensor port) expires soon, or has. */
        CERTIFICATE_EXPIRY;

        /** The kind in event topics and JSON: {@code sensor_silent}. */
        public String topicName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Severity {
        WARNING, CRITICAL;

        public String lowerName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
