// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A large telescope capture for the benchmarks: backscatter (SYN-ACK, RST, ICMP echo replies) from
 * many victims, scans and UDP noise, spread over an hour of the telescope 10.128.0.0/16.
 */
final class BenchCapture {
    private BenchCapture() {
    }

    static List<CaptureWriter.Frame> frames(int packets, int victims, long seed) {
        Random r = new Random(seed);
        List<CaptureWriter.Frame> frames = new ArrayList<>(packets);
        long start = 1_700_000_000_000_000L;
        for (int i = 0; i < packets; i++) {
            long t = start + (long) i * 3_600_000_000L / packets;
            String dst = "10.128." + r.nextInt(256) + "." + r.nextInt(256);
            int kind = r.nextInt(10);
            byte[] ip;
            if (kind < 6) {
                int v = r.nextInt(victims);
                ip = IpPackets.v4("198." + (18 + (v >> 16)) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff), dst, 6,
                        IpPackets.tcp(80, 1024 + r.nextInt(60000), 0, kind < 4 ? 0x12 : 0x14));
            } else if (kind < 7) {
                int v = r.nextInt(victims);
                ip = IpPackets.v4("203." + (v >> 16) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff), dst, 1, IpPackets.icmp(0, 0, new byte[16]));
            } else if (kind < 9) {
                ip = IpPackets.v4("100.64." + r.nextInt(64) + ".1", dst, 6, IpPackets.tcp(40000, 23, r.nextInt(), 0x02));
            } else {
                ip = IpPackets.v4("100.65." + r.nextInt(256) + ".1", dst, 17, IpPackets.udp(5353, 1900, 40));
            }
            frames.add(new CaptureWriter.Frame(t, ip));
        }
        return frames;
    }

    /** Writes the capture; java -cp test-classes ... BenchCapture FILE PACKETS VICTIMS [gzip]. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        CaptureWriter.write(file, frames(Integer.parseInt(args[1]), Integer.parseInt(args[2]), 1), CaptureWriter.Link.ETHERNET, false,
                args.length > 3 && args[3].equals("gzip"));
        System.out.println(file + " " + Files.size(file) + " bytes");
    }
}
