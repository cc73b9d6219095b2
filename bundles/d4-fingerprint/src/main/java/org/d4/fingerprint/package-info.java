// SPDX-License-Identifier: Apache-2.0
/**
 * TLS client and server fingerprinting: {@link org.d4.fingerprint.TlsFingerprinter} turns captured
 * packets or TCP segments into one {@link org.d4.fingerprint.HandshakeRecord} per TLS connection (JA3,
 * JA3S, JA4, names, versions, certificates), within fixed {@link org.d4.fingerprint.FlowLimits}.
 * Plain Java (BouncyCastle for certificates); instances belong to one thread at a time.
 */
@Export
@Version("1.0.0")
package org.d4.fingerprint;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
