// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.d4.itest.Commands;

/** Small libpcap streams for the tests: a global header (microseconds, Ethernet) and UDP-looking records. */
final class Pcaps {
    private Pcaps() {
    }

    static byte[] globalHeader() {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(1).array();
    }

    /** One record of {@code size} bytes captured at {@code second}. */
    static byte[] record(long second, int size, int seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) second).putInt(seed % 1_000_000).putInt(size).putInt(size);
        for (int i = 0; i < size; i++) {
            b.put((byte) (seed + i));
        }
        return b.array();
    }

    /** A whole capture of {@code records} records. */
    static byte[] capture(int records, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(globalHeader());
        long now = System.currentTimeMillis() / 1000;
        for (int i = 0; i < records; i++) {
            out.writeBytes(record(now, size, i));
        }
        return out.toByteArray();
    }

    /**
     * The records tcpdump reads from a compressed archive file, failing on any complaint. libpcap
     * does not decompress, so the file goes through zcat, as operators read these archives.
     */
    static long readWithTcpdump(Path dir, Path file) throws Exception {
        Commands.Result r = Commands.run(dir, Map.of(), Duration.ofSeconds(30), "bash", "-o", "pipefail", "-c",
                "zcat '" + file + "' | tcpdump -n -r - 2>&1");
        assertEquals(0, r.exitCode(), file + ": " + r.output());
        assertFalse(r.output().contains("truncated"), r.output());
        return r.output().lines().filter(l -> l.matches("^\\d\\d:\\d\\d:.*")).count();
    }

    /** The records tshark reads (it opens gzip files itself), failing on any complaint. */
    static long readWithTshark(Path dir, Path file) throws Exception {
        Commands.Result r = Commands.run(dir, Map.of(), Duration.ofSeconds(60), "tshark", "-n", "-r", file.toString());
        assertEquals(0, r.exitCode(), file + ": " + r.output());
        assertFalse(r.output().contains("appears to have been cut short"), r.output());
        return r.output().lines().filter(l -> l.matches("^\\s*\\d+\\s+\\d+\\.\\d+.*")).count();
    }
}
