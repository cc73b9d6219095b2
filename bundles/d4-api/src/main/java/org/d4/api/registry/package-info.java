// SPDX-License-Identifier: Apache-2.0
/**
 * Who may send what: registered sensors and their keys, the server's access policy (mode,
 * blacklists, accepted types) and the per-sensor statistics the server keeps.
 */
@Export
@Version("1.6.0")
package org.d4.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
