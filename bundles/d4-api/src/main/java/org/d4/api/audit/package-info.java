// SPDX-License-Identifier: Apache-2.0
/**
 * The audit log: who changed what, when and from where, whichever way in (web console, REST,
 * shell, remote shell), kept in the appliance's storage.
 */
@Export
@Version("1.0.0")
package org.d4.api.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
