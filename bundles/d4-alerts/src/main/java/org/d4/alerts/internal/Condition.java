// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.util.Objects;
import org.d4.api.alert.Alert.Kind;
import org.d4.api.alert.Alert.Severity;

/** A condition found by one check: an alert is raised for it unless one is already active. */
record Condition(Kind kind, String subject, Severity severity, String message) {
    Condition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    String key() {
        return kind.topicName() + "/" + subject;
    }
}
