// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * Packets captured with libpcap (through pcap4j), written as a libpcap 2.4 stream: a global header
 * (microsecond time stamps, little-endian, the handle's link type and snapshot length), then one
 * record per packet. Live capture on an interface ({@code pcap:eth0}) needs CAP_NET_RAW; a capture
 * file ({@code pcapfile:trace.pcap}) goes through the same handle and filter, packet by packet,
 * for replays and for tests where no interface can be opened. The BPF filter applies to both.
 */
public final class CaptureSource implements Source {
    private static final int READ_TIMEOUT_MS = 100;
    private static final int CAPTURE_SNAPLEN = 262_144;
    private static final String LIBRARY_PROPERTY = "org.pcap4j.core.pcapLibName";
    private static final String[] DEBIAN_LIBRARIES = {"/usr/lib/x86_64-linux-gnu/libpcap.so.0.8", "/usr/lib/aarch64-linux-gnu/libpcap.so.0.8",
        "/usr/lib/libpcap.so.0.8"};

    private final PcapHandle handle;
    private final String name;
    private ByteBuffer pending;
    private volatile boolean closed;

    private CaptureSource(PcapHandle handle, String name, String filter) throws IOException {
        this.handle = handle;
        this.name = name;
        try {
            if (filter != null && !filter.isBlank()) {
                handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
            }
            pending = globalHeader(handle.getDlt().value(), handle.getSnapshot());
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new IOException(name + ": " + (filter == null ? "" : "filter '" + filter + "': ") + e.getMessage(), e);
        }
    }

    /** Live capture. @throws IOException with libpcap's reason (no such interface, not permitted) */
    public static CaptureSource live(String interfaceName, String filter) throws IOException {
        findLibpcap();
        try {
            PcapNetworkInterface nif = Pcaps.getDevByName(interfaceName);
            if (nif == null) {
                throw new IOException("no network interface named '" + interfaceName + "'");
            }
            PcapHandle h = nif.openLive(CAPTURE_SNAPLEN, PcapNetworkInterface.PromiscuousMode.PROMISCUOUS, READ_TIMEOUT_MS);
            return new CaptureSource(h, "capture on " + interfaceName, filter);
        } catch (PcapNativeException e) {
            throw new IOException("cannot capture on " + interfaceName + " (live capture needs CAP_NET_RAW): " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException("libpcap cannot be loaded (install libpcap0.8): " + e.getMessage(), e);
        }
    }

    /** A capture file read through libpcap as if it were an interface. */
    public static CaptureSource file(Path file, String filter) throws IOException {
        findLibpcap();
        if (!Files.isReadable(file)) {
            throw new IOException("cannot read capture file " + file);
        }
        try {
            return new CaptureSource(Pcaps.openOffline(file.toString()), "capture file " + file, filter);
        } catch (PcapNativeException e) {
            throw new IOException(file + " is not a capture file libpcap reads: " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new IOException("libpcap cannot be loaded (install libpcap0.8): " + e.getMessage(), e);
        }
    }

    /** libpcap's version text, or why it cannot be loaded. */
    public static String libraryVersion() {
        findLibpcap();
        try {
            return Pcaps.libVersion();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return "libpcap cannot be loaded (install libpcap0.8): " + e.getMessage();
        }
    }

    /** Debian ships libpcap.so.0.8 without the unversioned name JNA looks for (that is in the -dev package). */
    private static synchronized void findLibpcap() {
        if (System.getProperty(LIBRARY_PROPERTY) != null) {
            return;
        }
        for (String candidate : DEBIAN_LIBRARIES) {
            if (Files.exists(Path.of(candidate))) {
                System.setProperty(LIBRARY_PROPERTY, candidate);
                return;
            }
        }
    }

    static ByteBuffer globalHeader(int linkType, int snaplen) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(snaplen).putInt(linkType).flip();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        while (pending == null || !pending.hasRemaining()) {
            if (closed) {
                return -1;
            }
            try {
                byte[] packet = handle.getNextRawPacketEx();
                Timestamp t = handle.getTimestamp();
                Integer original = handle.getOriginalLength();
                pending = ByteBuffer.allocate(16 + packet.length).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt((int) Math.floorDiv(t.getTime(), 1000)).putInt(t.getNanos() / 1000)
                        .putInt(packet.length).putInt(original == null ? packet.length : original).put(packet).flip();
            } catch (TimeoutException e) {
                // no packet within the read timeout: look at closed again
            } catch (EOFException e) {
                return -1;
            } catch (PcapNativeException | NotOpenException e) {
                if (closed) {
                    return -1;
                }
                throw new IOException(name + ": " + e.getMessage(), e);
            }
        }
        int n = Math.min(length, pending.remaining());
        pending.get(buffer, offset, n);
        return n;
    }

    @Override
    public int available() {
        return pending == null ? 0 : pending.remaining();
    }

    @Override
    public String describe() {
        return name;
    }

    /**
     * On an idle interface libpcap's read timeout may never fire (Linux TPACKET_V3), and closing the
     * handle waits for the read in progress: so the read is broken off first (pcap_breakloop wakes it).
     */
    @Override
    public void close() {
        closed = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed
        }
        handle.close();
    }
}
