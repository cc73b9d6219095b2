// SPDX-License-Identifier: Apache-2.0
package org.d4.client.source;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.d4.client.source.FolderWatch.Candidate;

/**
 * Source {@code folder}, as d4-goclient's: every new file of a folder, one per line, base64-encoded
 * (meta type {@code filewatcher}) or, with {@code -json}, as its JSON made compact (meta type
 * {@code filewatcherjson}: a pretty-printed document would otherwise be cut at its newlines).
 * Files are remembered as sent once a connection took their last byte ({@link SentFiles}, kept in a
 * state file across restarts); a file cut by a lost connection is spoiled on the new connection
 * (the server drops its remainder) and sent again. A file that is not JSON in {@code -json} mode is
 * logged, remembered and not sent. Memory: one 48 KiB read buffer and the list of files sent.
 */
public final class FolderSource implements Source, UnitSource {
    /** Spoils the remainder of a cut unit: not base64 and not JSON. */
    private static final byte[] SPOIL = {0};
    private static final Duration SETTLE = Duration.ofSeconds(1);

    /** A file handed out, from its first byte to its newline, counted in the stream's bytes. */
    private record Span(Candidate file, long start, long end) {
    }

    private final Path folder;
    private final boolean json;
    private final SentFiles sent;
    private final FolderWatch watch;
    private final Duration pollDelay;
    private final JsonFactory jsonFactory = new JsonFactory();
    private final Deque<Span> inFlight = new ArrayDeque<>();
    private final Deque<Candidate> again = new ArrayDeque<>();
    private final Object lock = new Object();
    private FileUnit current;
    private Candidate currentFile;
    private long currentStart;
    private long handed;
    private volatile boolean closed;

    private FolderSource(Path folder, boolean json, SentFiles sent, FolderWatch watch, Duration pollDelay) {
        this.folder = folder;
        this.json = json;
        this.sent = sent;
        this.watch = watch;
        this.pollDelay = pollDelay;
    }

    /**
     * @param state the file that keeps what was sent
     * @throws IOException when the folder or the state file cannot be used
     */
    public static FolderSource open(Path folder, boolean json, boolean daily, Path state, Duration pollDelay, Clock clock)
            throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("folder " + folder + " does not exist or is not a directory");
        }
        SentFiles sent = SentFiles.open(folder, state);
        return new FolderSource(folder, json, sent, new FolderWatch(folder, daily, sent, clock, SETTLE), pollDelay);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException, InterruptedException {
        while (!closed) {
            synchronized (lock) {
                if (current != null) {
                    int n = current.read(buffer, offset, length);
                    if (n > 0) {
                        handed += n;
                        return n;
                    }
                    current.close();
                    current = null;
                    buffer[offset] = '\n';
                    handed++;
                    inFlight.add(new Span(currentFile, currentStart, handed));
                    return 1;
                }
                Candidate next = again.isEmpty() ? watch.next() : again.poll();
                if (next != null) {
                    start(next);
                    continue;
                }
            }
            Thread.sleep(pollDelay.toMillis());
        }
        return -1;
    }

    private void start(Candidate file) throws IOException {
        try {
            current = json ? JsonUnit.open(jsonFactory, file.file()) : new Base64Unit(Files.newInputStream(file.file()));
            currentFile = file;
            currentStart = handed;
        } catch (JsonUnit.NotJson e) {
            System.err.println("d4-client: " + file.file() + " is not JSON (" + e.getMessage() + "); not sent");
            sent.remember(file.file(), file.size(), file.modified());
        } catch (IOException e) {
            // gone or unreadable since it was found: it is found again if it comes back
            System.err.println("d4-client: cannot read " + file.file() + ": " + e.getMessage());
        }
    }

    @Override
    public void acknowledged(long position) {
        synchronized (lock) {
            while (!inFlight.isEmpty() && inFlight.peek().end() <= position) {
                Candidate done = inFlight.poll().file();
                try {
                    sent.remember(done.file(), done.size(), done.modified());
                } catch (IOException e) {
                    System.err.println("d4-client: cannot record " + done.file() + " as sent: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public byte[] interrupted(long position) {
        synchronized (lock) {
            for (Span span : inFlight) {
                if (span.start() < position && position < span.end()) {
                    again.add(span.file());
                    return SPOIL.clone();
                }
            }
            if (current != null && currentStart < position) {
                again.add(currentFile);
                return SPOIL.clone();
            }
            return new byte[0];
        }
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public String describe() {
        return "folder " + folder + (json ? " (JSON)" : "");
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            if (current != null) {
                current.close();
            }
            watch.close();
            sent.close();
        }
    }

    /** A file's bytes as sent, without the newline that ends it. */
    interface FileUnit {
        /** Bytes of the unit; 0 at its end. */
        int read(byte[] buffer, int offset, int length) throws IOException;

        void close();
    }

    /** A file in base64, read in whole groups of three bytes so that only its end is padded. */
    static final class Base64Unit implements FileUnit {
        private final InputStream in;
        private final byte[] raw = new byte[3 * 16 * 1024];
        private byte[] encoded = new byte[0];
        private int at;

        Base64Unit(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (at == encoded.length) {
                int n = in.readNBytes(raw, 0, raw.length);
                if (n == 0) {
                    return 0;
                }
                encoded = java.util.Base64.getEncoder().encode(java.util.Arrays.copyOf(raw, n));
                at = 0;
            }
            int n = Math.min(length, encoded.length - at);
            System.arraycopy(encoded, at, buffer, offset, n);
            at += n;
            return n;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read to its end or abandoned
            }
        }
    }
}
