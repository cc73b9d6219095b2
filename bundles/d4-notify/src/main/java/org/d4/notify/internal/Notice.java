// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.d4.api.alert.AlertService;
import org.osgi.service.event.Event;

/**
 * An alert as the notifiers deliver it, read from its Event Admin event.
 *
 * @param state {@code raised} or {@code resolved}
 */
record Notice(long sequence, String kind, String subject, String severity, String message, String state, Instant raised,
        Optional<Instant> resolved) {

    static Optional<Notice> of(Event event) {
        Object kind = event.getProperty(AlertService.PROPERTY_KIND);
        Object subject = event.getProperty(AlertService.PROPERTY_SUBJECT);
        Object raised = event.getProperty(AlertService.PROPERTY_RAISED);
        if (!(kind instanceof String k) || !(subject instanceof String s) || !(raised instanceof Long r)) {
            return Optional.empty();      // not one of ours
        }
        Object sequence = event.getProperty(AlertService.PROPERTY_SEQUENCE);
        Object resolved = event.getProperty(AlertService.PROPERTY_RESOLVED);
        return Optional.of(new Notice(sequence instanceof Long n ? n : 0, k, s, text(event, AlertService.PROPERTY_SEVERITY, "warning"),
                text(event, AlertService.PROPERTY_MESSAGE, ""), text(event, AlertService.PROPERTY_STATE, "raised"), Instant.ofEpochMilli(r),
                resolved instanceof Long t ? Optional.of(Instant.ofEpochMilli(t)) : Optional.empty()));
    }

    private static String text(Event event, String name, String absent) {
        return event.getProperty(name) instanceof String s ? s : absent;
    }

    boolean isResolved() {
        return "resolved".equals(state);
    }

    String key() {
        return kind + "/" + subject;
    }

    /** One line: {@code RAISED warning sensor_silent <subject>: <message>} or {@code RESOLVED ...}. */
    String summary() {
        return isResolved() ? "RESOLVED " + kind + " " + subject + " (raised " + raised + ")"
                : "RAISED " + severity + " " + kind + " " + subject + ": " + message;
    }

    /** The fields by name, for templates and the default JSON body. */
    Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("sequence", Long.toString(sequence));
        f.put("kind", kind);
        f.put("subject", subject);
        f.put("severity", severity);
        f.put("state", state);
        f.put("message", message);
        f.put("raised", raised.toString());
        f.put("resolved", resolved.map(Instant::toString).orElse(""));
        f.put("summary", summary());
        return f;
    }
}
