// SPDX-License-Identifier: Apache-2.0
package org.d4.testanalyzer.internal;

import java.io.IOException;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.analyzer.AnalyzerSubscription;
import org.d4.api.queue.QueueItem;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Receives the paths of finished pcap files (type 1). */
@Component
@AnalyzerSubscription(name = "test-pcap", type = 1)
public final class PcapFileAnalyzer implements Analyzer {
    private final ItemLog log;

    @Activate
    public PcapFileAnalyzer(BundleContext context) throws IOException {
        this.log = new ItemLog(context, "test-pcap");
    }

    @Override
    public void analyze(QueueItem item) throws IOException {
        log.append(item);
    }
}
