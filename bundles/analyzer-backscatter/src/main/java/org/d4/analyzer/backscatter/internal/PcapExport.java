// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The packets of one attack as a pcap stream: the capture files it came from are read again and
 * the backscatter of its victim between its start and end is written out as captured. The link
 * type is the first such packet's; packets of another link type are left out.
 */
final class PcapExport {
    private PcapExport() {
    }

    /** Writes the pcap; returns how many packets it holds. */
    static long write(List<Path> files, Attack attack, MonitoredSpace space, OutputStream out) throws IOException {
        long[] victim = Addresses.parse(attack.victim());
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        long[] written = {0};
        int[] linkType = {-1};
        try {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    new CaptureReader(in).readAll((micros, link, data, offset, caplen, wirelen) -> {
                        if (micros < attack.startMicros() || micros > attack.endMicros()
                                || decoder.decode(micros, link, data, offset, caplen, p) != PacketDecoder.Result.OK
                                || !space.monitors(null, p.dstHi, p.dstLo) || Classifier.classify(p) != Classifier.Kind.BACKSCATTER
                                || p.victimHi != victim[0] || p.victimLo != victim[1]) {
                            return;
                        }
                        try {
                            if (linkType[0] < 0) {
                                linkType[0] = link;
                                out.write(header(link));
                            } else if (link != linkType[0]) {
                                return;
                            }
                            out.write(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt((int) (micros / 1_000_000L))
                                    .putInt((int) (micros % 1_000_000L)).putInt(caplen).putInt(wirelen).array());
                            out.write(data, offset, caplen);
                            written[0]++;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (linkType[0] < 0) {
            out.write(header(PacketDecoder.DLT_EN10MB));
        }
        return written[0];
    }

    private static byte[] header(int linkType) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0)
                .putInt(0).putInt(CaptureReader.MAX_PACKET).putInt(linkType).array();
    }
}
