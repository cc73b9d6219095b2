// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;

/**
 * The analysis of telescope captures, free of OSGi so the standalone mode and the appliance share
 * it: decode, keep what reaches the monitored space, classify, then track attack vectors and
 * scanners. Not thread-safe: one capture at a time.
 */
final class Telescope implements CaptureReader.PacketSink {
    /** Limits of what is kept in memory. */
    record Limits(int maxVectors, int maxScanners) {
    }

    /**
     * Packets for the vector tracker wait in a batch of this many: the tracker first loads the
     * index slots, then the records, of the whole batch, so their cache misses overlap instead of
     * coming one after the other; then it takes the packets in their order, as if one by one.
     */
    private static final int BATCH = 32;

    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet[] batch = new Packet[BATCH];
    /** Per batched packet: backscatter for the tracker, or only the packet clock moving. */
    private final boolean[] batchedBackscatter = new boolean[BATCH];
    private int batched;
    private final MonitoredSpace space;
    private final long[] counts = new long[Count.values().length];
    private final VectorTracker tracker;
    private final ScannerTable scanners;
    private MonitoredSpace.Blocks blocks;
    private long file;

    Telescope(MonitoredSpace space, Thresholds thresholds, Limits limits, VectorTracker.AttackSink sink, Runnable onEviction) {
        this.space = space;
        this.blocks = space.blocks(null);
        this.tracker = new VectorTracker(thresholds, limits.maxVectors(), space, counts, sink, onEviction);
        this.scanners = new ScannerTable(limits.maxScanners(), counts);
        for (int i = 0; i < BATCH; i++) {
            batch[i] = new Packet();
        }
    }

    /** Reads one capture; returns why it stopped early, or an empty string when it was read to its end. */
    String read(InputStream in, UUID fromSensor) throws IOException {
        return read(in, fromSensor, 0);
    }

    /** As {@link #read(InputStream, UUID)}, the attacks noting {@code fileNumber} among their files. */
    String read(InputStream in, UUID fromSensor, long fileNumber) throws IOException {
        blocks = space.blocks(fromSensor);
        file = fileNumber;
        CaptureReader reader = new CaptureReader(in);
        boolean complete;
        try {
            complete = reader.readAll(this);
        } finally {
            flush();
        }
        counts[Count.FILES.ordinal()]++;
        if (!complete) {
            counts[Count.FILES_DAMAGED.ordinal()]++;
        }
        return reader.stop();
    }

    @Override
    public void packet(long micros, int linkType, byte[] data, int offset, int capturedLength, int wireLength) {
        counts[Count.PACKETS.ordinal()]++;
        Packet p = batch[batched];
        p.file = file;
        switch (decoder.decode(micros, linkType, data, offset, capturedLength, p)) {
            case NOT_IP -> {
                counts[Count.NOT_IP.ordinal()]++;
                return;
            }
            case MALFORMED -> {
                counts[Count.MALFORMED.ordinal()]++;
                return;
            }
            case FRAGMENT -> {
                counts[Count.FRAGMENTS.ordinal()]++;
                return;
            }
            case OK -> {
                // classified below
            }
        }
        if (!blocks.contains(p.dstHi, p.dstLo)) {
            counts[Count.OUTSIDE.ordinal()]++;
            return;
        }
        switch (Classifier.classify(p)) {
            case BACKSCATTER -> {
                counts[Count.BACKSCATTER.ordinal()]++;
                queue(true);
            }
            case SCAN -> {
                boolean mirai = Classifier.mirai(p);
                counts[Count.SCANS.ordinal()]++;
                if (mirai) {
                    counts[Count.MIRAI.ordinal()]++;
                }
                scanners.add(p, mirai);
                queue(false);
            }
            case OTHER -> {
                counts[Count.OTHER.ordinal()]++;
                queue(false);
            }
        }
    }

    private void queue(boolean backscatter) {
        batchedBackscatter[batched++] = backscatter;
        if (batched == BATCH) {
            flush();
        }
    }

    /** Hands the batched packets to the tracker, in their order. */
    private void flush() {
        int n = batched;
        for (int i = 0; i < n; i++) {
            if (batchedBackscatter[i]) {
                tracker.prefetchIndex(batch[i].victimHi, batch[i].victimLo);
            }
        }
        for (int i = 0; i < n; i++) {
            if (batchedBackscatter[i]) {
                tracker.prefetchRecord(batch[i].victimHi, batch[i].victimLo);
            }
        }
        for (int i = 0; i < n; i++) {
            if (batchedBackscatter[i]) {
                tracker.add(batch[i]);
            } else {
                tracker.advance(batch[i].micros);
            }
        }
        batched = 0;
    }

    void endAll() {
        flush();
        tracker.endAll();
    }

    void bump(Count c) {
        counts[c.ordinal()]++;
    }

    long count(Count c) {
        return counts[c.ordinal()];
    }

    long[] counts() {
        return counts.clone();
    }

    int trackedVectors() {
        return tracker.tracked();
    }

    List<Attack> ongoing() {
        return tracker.ongoing();
    }

    Attack current(long hi, long lo) {
        return tracker.current(hi, lo);
    }

    List<ScannerTable.Row> topScanners(int n) {
        return scanners.top(n);
    }

    MonitoredSpace space() {
        return space;
    }

    /** The ongoing vectors and the counters, for a checkpoint (scanners are statistics, not kept). */
    void write(DataOutput out) throws IOException {
        out.writeInt(counts.length);
        for (long c : counts) {
            out.writeLong(c);
        }
        tracker.write(out);
    }

    void read(DataInput in) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long c = in.readLong();
            if (i < counts.length) {
                counts[i] = c;
            }
        }
        tracker.read(in);
    }
}
