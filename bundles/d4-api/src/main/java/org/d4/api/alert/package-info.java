// SPDX-License-Identifier: Apache-2.0
/**
 * Alerts: conditions an operator must hear about (a silent sensor, a filling queue, a failing
 * analyzer, a full disk, an expiring certificate), raised once and resolved once, posted as Event
 * Admin events under {@link org.d4.api.alert.AlertService#TOPIC_PREFIX} for any bundle to deliver.
 */
@Export
@Version("1.0.0")
package org.d4.api.alert;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
