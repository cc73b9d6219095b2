// SPDX-License-Identifier: Apache-2.0
package org.d4.client.tlsf;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.d4.client.source.CaptureSource;
import org.d4.fingerprint.FlowLimits;
import org.d4.fingerprint.HandshakeRecord;
import org.d4.fingerprint.TlsFingerprinter;
import org.d4.fingerprint.capture.CaptureFormatException;
import org.d4.fingerprint.tls.CertificateInfo;

/** {@code java -jar d4-client.jar tlsf ...}: TLS handshakes of a capture as JSON lines. */
public final class TlsfCommand {
    public static final int OK = 0;
    public static final int INPUT_FAILED = 1;
    public static final int BAD_OPTIONS = 2;

    private final TlsfOptions options;
    private final PrintStream out;
    private final RecordJson json = new RecordJson(new ObjectMapper());
    private final Set<String> certificatesWritten = new HashSet<>();
    private long records;

    TlsfCommand(TlsfOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the command; messages go to {@code err}, records to {@code out} (or {@code -j}). */
    public static int run(TlsfOptions options, InputStream stdin, PrintStream out, PrintStream err) {
        for (Path folder : new Path[] {options.certificateFolder(), options.jsonFolder()}) {
            if (folder != null && !Files.isDirectory(folder)) {
                err.println("tlsf: " + folder + " is not a folder");
                return BAD_OPTIONS;
            }
        }
        return new TlsfCommand(options, out).read(stdin, err);
    }

    private int read(InputStream stdin, PrintStream err) {
        TlsFingerprinter fingerprinter = new TlsFingerprinter(FlowLimits.defaults(), this::report);
        CaptureStatistics statistics = options.stats() ? new CaptureStatistics(err) : null;
        List<String> files = options.captureFiles();
        String name = files.isEmpty() ? "capture on " + options.interfaceName() : null;
        String failure;
        boolean cutShort = false;
        try {
            if (files.isEmpty()) {
                try (InputStream in = openLive()) {
                    fingerprinter.readCaptureContinued(in);
                }
            }
            for (String file : files) {
                name = file.equals("-") ? "stdin" : file;
                long packetsBefore = fingerprinter.counters().packets();
                long recordsBefore = records;
                try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
                    fingerprinter.readCaptureContinued(in);      // buffered by the capture reader itself
                }
                if (statistics != null) {
                    statistics.file(name, fingerprinter.counters().packets() - packetsBefore, records - recordsBefore);
                }
            }
            finish(fingerprinter, statistics);
            return OK;
        } catch (NoSuchFileException e) {
            failure = name + ": no such file";
        } catch (EOFException e) {
            failure = name + ": the capture is cut short";
            cutShort = true;
        } catch (CaptureFormatException e) {
            failure = name + ": not a pcap or pcapng capture: " + e.getMessage();
        } catch (UncheckedIOException e) {
            failure = "cannot write: " + e.getCause().getMessage();
        } catch (IOException e) {
            failure = name + ": " + e.getMessage();
        }
        try {
            finish(fingerprinter, null);      // the handshakes read before the failure are written
        } catch (UncheckedIOException e) {
            err.println("tlsf: cannot write: " + e.getCause().getMessage());
        }
        err.println("tlsf: " + failure + (cutShort ? " (" + records + " records written)" : ""));   // counted after finish
        return INPUT_FAILED;
    }

    private void finish(TlsFingerprinter fingerprinter, CaptureStatistics statistics) {
        fingerprinter.finish();
        out.flush();
        if (statistics != null) {
            statistics.total(fingerprinter.counters(), records);
        }
    }

    private InputStream openLive() throws IOException {
        CaptureSource capture = CaptureSource.live(options.interfaceName(), options.filter());
        Runtime.getRuntime().addShutdownHook(new Thread(capture::close, "tlsf-stop"));
        return new SourceStream(capture);
    }

    private void report(HandshakeRecord r) {
        try {
            records++;
            writeCertificates(r);
            String line = json.toLine(r);
            if (options.jsonFolder() == null) {
                out.println(line);
            } else {
                writeRecordFile(r, line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeCertificates(HandshakeRecord r) throws IOException {
        Path folder = options.certificateFolder();
        if (folder == null) {
            return;
        }
        for (List<CertificateInfo> certs : List.of(r.serverCertificates(), r.clientCertificates())) {
            for (CertificateInfo c : certs) {
                if (certificatesWritten.add(c.sha1())) {
                    Path file = folder.resolve(c.sha1() + ".crt");
                    if (!Files.exists(file)) {
                        Files.write(file, c.der());
                    }
                }
            }
        }
    }

    /** One file per record named by its time stamp, as the Go sensor does; a clash gets a suffix instead of overwriting. */
    private void writeRecordFile(HandshakeRecord r, String line) throws IOException {
        String stem = r.timestamp().toString().replace(':', '-');
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        for (int n = 0;; n++) {
            Path file = options.jsonFolder().resolve(n == 0 ? stem + ".json" : stem + "-" + n + ".json");
            try {
                Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return;
            } catch (FileAlreadyExistsException e) {
                // same time stamp as an earlier record: next suffix
            }
        }
    }

    /** A capture source's pcap stream as an input stream. */
    static final class SourceStream extends InputStream {
        private final CaptureSource source;

        SourceStream(CaptureSource source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = source.read(b, off, len);
            return n == 0 && len > 0 ? read(b, off, len) : n;
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
