// SPDX-License-Identifier: Apache-2.0
package org.d4.api.alert;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The appliance's alerts. Each change is also an Event Admin event on
 * {@code org/d4/alert/<kind>/RAISED} or {@code org/d4/alert/<kind>/RESOLVED} (subscribe to
 * {@code org/d4/alert/*}) with the properties named below.
 */
@ProviderType
public interface AlertService {
    String TOPIC_PREFIX = "org/d4/alert/";
    String RAISED = "RAISED";
    String RESOLVED = "RESOLVED";
    /** Event properties: strings but for the times (epoch milliseconds, Long) and the sequence (Long). */
    String PROPERTY_SEQUENCE = "sequence";
    String PROPERTY_KIND = "kind";
    String PROPERTY_SUBJECT = "subject";
    String PROPERTY_SEVERITY = "severity";
    String PROPERTY_MESSAGE = "message";
    String PROPERTY_STATE = "state";
    String PROPERTY_RAISED = "raised";
    String PROPERTY_RESOLVED = "resolved";

    /** The alerts whose condition lasts, oldest first. */
    List<Alert> active();

    /**
     * Raised and resolved alerts, newest first, at most {@code limit}, with a sequence number
     * below {@code before} ({@link Long#MAX_VALUE} for the newest).
     */
    List<Alert> history(long before, int limit);

    /** Runs the checks now instead of at the next interval; returns the alerts active afterwards. */
    List<Alert> checkNow();
}
