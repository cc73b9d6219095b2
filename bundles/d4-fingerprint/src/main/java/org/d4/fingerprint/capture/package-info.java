// SPDX-License-Identifier: Apache-2.0
/**
 * Capture files and packet headers: a streaming pcap/pcapng reader and a decoder from link-layer
 * frames down to TCP segments, both allocation-light and safe on any input.
 */
@Export
@Version("1.0.0")
package org.d4.fingerprint.capture;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
