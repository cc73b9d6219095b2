// SPDX-License-Identifier: Apache-2.0
/** Kafka clients made so that Kafka finds its own classes inside OSGi. */
@Version("1.0.0")
package org.d4.kafka.clients;

import org.osgi.annotation.versioning.Version;
