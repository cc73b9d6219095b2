// SPDX-License-Identifier: Apache-2.0
/**
 * Analyzer queues: durable, bounded lists of data units (a pcap file's path, a line, a payload
 * chunk) that the type workers fill and analyzers, in the JVM or outside it, consume.
 */
@Export
@Version("1.4.0")
package org.d4.api.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
