// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.tls.internal;

import org.d4.common.Samples;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import org.d4.api.analyzer.Analyzer;
import org.d4.api.analyzer.AnalyzerSubscription;
import org.d4.api.queue.QueueItem;
import org.d4.fingerprint.FingerprintCounters;
import org.d4.fingerprint.FlowLimits;
import org.d4.fingerprint.TlsFingerprinter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fingerprints the captures sensors send as type 1: the queue names each finished archive file
 * ({@code .cap.gz}, or {@code .cap}), read here with the fingerprinting library within its default
 * flow bounds, and each handshake found is counted like a {@code ja3-jl} record of that sensor,
 * unless the sensor sent that record too ({@link Duplicates}). A file that is gone, outside the
 * archive, or unreadable is counted and skipped, never retried; the handshakes read before a
 * damaged part are kept.
 */
@Component(service = Analyzer.class, immediate = true)
@AnalyzerSubscription(name = "tls-pcap", type = 1)
public final class TlsCaptureAnalyzer implements Analyzer {
    private static final Logger LOG = LoggerFactory.getLogger(TlsCaptureAnalyzer.class);

    private final TlsFingerprints tls;
    private final Path archive;

    @Activate
    public TlsCaptureAnalyzer(@Reference TlsFingerprints tls) {
        this.tls = tls;
        this.archive = tls.home().resolve("data/archive").toAbsolutePath().normalize();
    }

    @Override
    public void analyze(QueueItem item) throws IOException {
        Path file = Path.of(item.text().strip()).toAbsolutePath().normalize();
        if (!file.startsWith(archive)) {
            tls.count("captures.refused", 1);
            LOG.warn("Capture path outside the archive refused: {}", Samples.cut(item.text()));
            return;
        }
        long[] found = new long[2];      // handshakes found, counted
        // each handshake is stored as it is found: memory stays within the fingerprinter's flow bounds
        TlsFingerprinter fingerprinter = new TlsFingerprinter(FlowLimits.defaults(), r -> {
            found[0]++;
            if (r.ja3Md5() == null && r.ja3sMd5() == null && r.ja4() == null) {
                return;
            }
            try {
                if (tls.ingest(Sighting.of(r, item.sensor()), Duplicates.Source.CAPTURE)) {
                    found[1]++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (InputStream in = open(file)) {
            fingerprinter.readCapture(in);
        } catch (NoSuchFileException e) {
            tls.count("captures.missing", 1);
            LOG.warn("Capture {} is gone; not fingerprinted", file);
            return;
        } catch (UncheckedIOException e) {
            throw e.getCause();         // the store failed: the queue delivers the file again
        } catch (IOException | RuntimeException e) {
            tls.count("captures.damaged", 1);
            // readCapture reported the flows read before the damage: they count
            LOG.warn("Capture {} is damaged ({}); the handshakes before the damage are kept", file, e.toString());
            return;
        }
        tls.count("captures", 1);
        FingerprintCounters c = fingerprinter.counters();
        LOG.debug("Capture {}: {} handshakes, {} counted; {}", file, found[0], found[1], c);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 65_536);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 65_536) : in;
    }
}
