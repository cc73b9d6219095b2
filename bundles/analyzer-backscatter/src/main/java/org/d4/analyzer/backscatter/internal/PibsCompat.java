// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.PrintStream;

/**
 * The output of analyzer-d4-pibs {@code -r FILE -b}, for scripts written for it: one line
 * {@code seconds,source,flags,source port} per IPv4 TCP packet, except pure SYNs (flags exactly 2),
 * whose sources are remembered, and packets from a source that sent a pure SYN earlier in the file.
 * Like the reference, the frame is read as Ethernet without VLAN tags and the TCP header is taken
 * 20 bytes after the IP header's start whatever its stated length. Unlike it, a packet whose TCP
 * flags and port were not captured is skipped, and the table of SYN sources is bounded (sources
 * beyond it are counted, not remembered) instead of aborting when full.
 */
final class PibsCompat implements CaptureReader.PacketSink {
    static final String HEADER = "#timestamp, source IP, TCP flags, source port";
    private static final int MAX_SYN_SOURCES = 1 << 24;

    private final PrintStream out;
    private final IntSet synSources = new IntSet(MAX_SYN_SOURCES);
    private long unremembered;
    private final StringBuilder line = new StringBuilder(48);

    PibsCompat(PrintStream out) {
        this.out = out;
    }

    @Override
    public void packet(long micros, int linkType, byte[] d, int off, int caplen, int wireLength) {
        if (caplen < 14 + 20 + 14 || ((d[off + 12] & 0xff) << 8 | (d[off + 13] & 0xff)) != 0x0800) {
            return;
        }
        int ip = off + 14;
        if ((d[ip + 9] & 0xff) != 6) {
            return;
        }
        int source = (d[ip + 12] & 0xff) << 24 | (d[ip + 13] & 0xff) << 16 | (d[ip + 14] & 0xff) << 8 | (d[ip + 15] & 0xff);
        int tcp = ip + 20;
        int flags = d[tcp + 13] & 0xff;
        long seconds = Math.floorDiv(micros, 1_000_000L);
        if (flags == 2) {
            if (seconds > 0 && !synSources.add(source)) {
                unremembered++;
            }
            return;
        }
        if (synSources.contains(source)) {
            return;
        }
        int port = (d[tcp] & 0xff) << 8 | (d[tcp + 1] & 0xff);
        line.setLength(0);
        line.append(seconds).append(',').append(source >>> 24).append('.').append((source >>> 16) & 0xff).append('.')
                .append((source >>> 8) & 0xff).append('.').append(source & 0xff).append(',').append(flags).append(',').append(port);
        out.println(line);
    }

    long unremembered() {
        return unremembered;
    }

    /** A set of 32-bit values in open addressing, bounded. */
    static final class IntSet {
        private final int max;
        private int[] slots = new int[1 << 12];
        private boolean[] used = new boolean[1 << 12];
        private int size;

        IntSet(int max) {
            this.max = max;
        }

        boolean contains(int v) {
            int mask = slots.length - 1;
            for (int i = hash(v) & mask; used[i]; i = (i + 1) & mask) {
                if (slots[i] == v) {
                    return true;
                }
            }
            return false;
        }

        /** Adds v; false when the set is full and v not in it. */
        boolean add(int v) {
            if (contains(v)) {
                return true;
            }
            if (size >= max) {
                return false;
            }
            if ((size + 1) * 2 > slots.length) {
                int[] oldSlots = slots;
                boolean[] oldUsed = used;
                slots = new int[oldSlots.length * 2];
                used = new boolean[oldSlots.length * 2];
                size = 0;
                for (int i = 0; i < oldSlots.length; i++) {
                    if (oldUsed[i]) {
                        insert(oldSlots[i]);
                    }
                }
            }
            insert(v);
            return true;
        }

        private void insert(int v) {
            int mask = slots.length - 1;
            int i = hash(v) & mask;
            while (used[i]) {
                i = (i + 1) & mask;
            }
            slots[i] = v;
            used[i] = true;
            size++;
        }

        private static int hash(int v) {
            int h = v * 0x9E3779B1;
            return h ^ (h >>> 16);
        }
    }
}
