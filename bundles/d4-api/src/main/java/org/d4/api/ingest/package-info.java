// SPDX-License-Identifier: Apache-2.0
/**
 * How verified sensor data leaves the server: payload handlers (type workers) open one session
 * per connection and receive its payloads in order.
 */
@Export
@Version("1.3.0")
package org.d4.api.ingest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
