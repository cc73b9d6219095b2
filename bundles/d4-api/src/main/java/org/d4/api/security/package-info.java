// SPDX-License-Identifier: Apache-2.0
/** Users, roles and the TLS identity of the appliance. */
@Export
@Version("1.3.0")
package org.d4.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
