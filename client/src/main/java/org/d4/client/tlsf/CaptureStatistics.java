// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.d4.fingerprint.FingerprintCounters;

/**
 * What {@code tlsf --stats} prints on stderr: per capture file its packets, records and the CPU time
 * the process spent on it (every thread: the reader, the JIT compilers, the garbage collector), then the
 * fingerprinter's counters. The CPU time of the first file includes the JVM's start and most of its
 * compilation; later files show the cost of a warmed-up reader.
 */
final class CaptureStatistics {
    private final PrintStream err;
    private final com.sun.management.OperatingSystemMXBean system =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long lastCpuNanos;

    CaptureStatistics(PrintStream err) {
        this.err = err;
    }

    void file(String name, long packets, long records) {
        long cpu = system.getProcessCpuTime();
        double seconds = (cpu - lastCpuNanos) / 1e9;
        lastCpuNanos = cpu;
        err.printf(Locale.ROOT, "tlsf: %s: %d packets, %d records, %.3f s CPU (process), %.0f packets/s per CPU second%n",
                name, packets, records, seconds, seconds > 0 ? packets / seconds : 0.0);
    }

    void total(FingerprintCounters c, long records) {
        err.printf(Locale.ROOT, "tlsf: total: %d records, %.3f s CPU (process, JVM start included); %s%n", records,
                system.getProcessCpuTime() / 1e9, c.toString().replaceFirst("^FingerprintCounters\\[", "").replaceFirst("]$", ""));
    }
}
