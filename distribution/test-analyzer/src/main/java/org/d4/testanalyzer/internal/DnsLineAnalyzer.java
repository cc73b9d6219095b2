// SPDX-License-Identifier: Apache-2.0
package org.d4.testanalyzer.internal;

import java.io.IOException;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.analyzer.AnalyzerSubscription;
import org.d4.api.queue.QueueItem;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Receives passivedns lines (type 8); a line containing {@code poison} always fails, to exercise
 * dead letters. A line {@code probe <epoch microseconds>} (from {@code d4-client bench --probe})
 * is not logged but its age is, in microseconds, to {@code data/test-analyzer/latency.us}.
 */
@Component
@AnalyzerSubscription(name = "test-pdns", type = 8, max_attempts = 2)
public final class DnsLineAnalyzer implements Analyzer {
    private final ItemLog log;
    private final LatencyLog latency;

    @Activate
    public DnsLineAnalyzer(BundleContext context) throws IOException {
        this.log = new ItemLog(context, "test-pdns");
        this.latency = new LatencyLog(context);
    }

    @Deactivate
    void stop() {
        latency.close();
    }

    @Override
    public void analyze(QueueItem item) throws IOException {
        if (item.text().startsWith("probe ")) {
            latency.record(item.text());
            return;
        }
        if (item.text().contains("poison")) {
            throw new IOException("refusing a poisoned line");
        }
        log.append(item);
    }
}
