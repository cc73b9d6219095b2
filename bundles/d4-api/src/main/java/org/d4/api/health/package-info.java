// SPDX-License-Identifier: Apache-2.0
/** What is wrong with the running appliance, for the console, the shell and the status command. */
@Export
@Version("1.0.0")
package org.d4.api.health;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
