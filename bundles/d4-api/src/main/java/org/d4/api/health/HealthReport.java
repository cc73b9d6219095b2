// SPDX-License-Identifier: Apache-2.0
package org.d4.api.health;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The current problems of the appliance; empty when everything is deployed, configured and running. */
@ProviderType
public interface HealthReport {

    /** A snapshot, oldest first. */
    List<Problem> problems();
}
