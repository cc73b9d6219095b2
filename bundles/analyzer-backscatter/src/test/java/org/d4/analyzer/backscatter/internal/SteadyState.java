// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reading thread's own CPU time over a capture, pass after pass in one JVM, so the compiled
 * steady state shows apart from the JVM's start and compilation:
 * java -cp target/test-classes:target/classes ... SteadyState /tmp/bench.pcap 3.
 */
public final class SteadyState {
    private SteadyState() {
    }

    public static void main(String[] args) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int passes = Integer.parseInt(args[1]);
        for (int pass = 0; pass < passes; pass++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            Telescope t = new Telescope(MonitoredSpace.parse("10.128.0.0/16"), Thresholds.MOORE, new Telescope.Limits(4_000_000, 100_000),
                    a -> { }, () -> { });
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                t.read(in, null);
            }
            t.endAll();
            double seconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            System.out.printf("pass %d: %d packets, thread CPU %.2f s, elapsed %.2f s, %.2f million packets per CPU-second%n", pass,
                    t.count(Count.PACKETS), seconds, (System.nanoTime() - wall) / 1e9, t.count(Count.PACKETS) / seconds / 1e6);
        }
    }
}
