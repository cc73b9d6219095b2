// SPDX-License-Identifier: Apache-2.0
package org.d4.client.osgi;

import org.d4.client.source.CaptureSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start whether live capture can work here (libpcap found and loaded through JNA), so an
 * operator learns it before configuring a stream. Loading JNA also activates its lazily started bundle.
 */
@Component(immediate = true, service = {})
public final class CaptureSupport {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureSupport.class);

    @Activate
    void check() {
        String version = CaptureSource.libraryVersion();
        if (version.startsWith("libpcap")) {
            LOG.info("Live capture available: {}; capturing needs CAP_NET_RAW", version);
        } else {
            LOG.warn("Live capture unavailable: {}", version);
        }
    }
}
