// SPDX-License-Identifier: Apache-2.0
/**
 * The appliance's embedded metadata store: named maps and counters, crash-safe. MapDB is the
 * default implementation; callers never see it.
 */
@Export
@Version("1.0.0")
package org.d4.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
