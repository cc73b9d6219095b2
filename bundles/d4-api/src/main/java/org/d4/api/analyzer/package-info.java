// SPDX-License-Identifier: Apache-2.0
/**
 * The Analyzer SPI: an analyzer bundle registers an {@link org.d4.api.analyzer.Analyzer} service
 * that names the data it consumes; the appliance gives it a durable queue and delivers every item
 * at least once. {@link org.d4.api.analyzer.AnalyzerCatalog} shows how each analyzer is doing.
 */
@Export
@Version("1.1.0")
package org.d4.api.analyzer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
