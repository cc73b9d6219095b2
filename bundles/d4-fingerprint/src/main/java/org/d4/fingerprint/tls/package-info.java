// SPDX-License-Identifier: Apache-2.0
/**
 * TLS hello parsing and the fingerprints computed from it: ClientHello, ServerHello, JA3/JA3S, JA4
 * (client only) and X.509 certificate summaries.
 */
@Export
@Version("1.0.0")
package org.d4.fingerprint.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
