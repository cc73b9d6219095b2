// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.lang.management.ManagementFactory;

/**
 * Heap used with a number of attack vectors tracked at once, each with a few packets to different
 * telescope addresses and ports: java -Xmx512m -cp ... VictimMemory 1000000.
 */
public final class VictimMemory {
    private VictimMemory() {
    }

    public static void main(String[] args) {
        int victims = Integer.parseInt(args[0]);
        long before = usedAfterGc();
        VectorTracker tracker = new VectorTracker(Thresholds.MOORE, victims, MonitoredSpace.parse("10.128.0.0/16"),
                new long[Count.values().length], a -> { }, () -> { });
        Packet p = new Packet();
        for (int i = 0; i < victims; i++) {
            for (int k = 0; k < 3; k++) {
                p.clear();
                p.micros = 1_700_000_000_000_000L + i;
                p.ipVersion = 4;
                p.ipLength = 40;
                p.protocol = Packet.TCP;
                p.srcLo = Packet.v4Lo(0xc6120000 + i);
                p.dstLo = Packet.v4Lo(0x0a800000 + k * 7919 + i % 65536);
                p.srcPort = 80 + k;
                p.tcpFlags = 0x12;
                Classifier.classify(p);
                tracker.add(p);
            }
        }
        long after = usedAfterGc();
        System.out.printf("%d vectors tracked: %.1f MB of heap (%d bytes each)%n", tracker.tracked(), (after - before) / 1048576.0,
                (after - before) / Math.max(1, tracker.tracked()));
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
