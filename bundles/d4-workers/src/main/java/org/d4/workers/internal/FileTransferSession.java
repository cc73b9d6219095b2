// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file-transfer session ({@code filewatcher}, {@code filewatcherjson}): one file per line, base64
 * or raw JSON, each saved once as {@code <sha256>.<extension>} in a {@code files} folder of the
 * archive and its absolute path queued, also when the same content came before. Nothing is held in
 * memory beyond a decoding buffer: a file goes to disk as it arrives, and one passing the size limit
 * is dropped (up to its newline) and counted. A file cut short by the end of the connection is
 * dropped: the sensor sends it again. Problems are logged once, when the session ends.
 */
final class FileTransferSession implements PayloadSession, Base64Lines.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(FileTransferSession.class);

    private final SessionInfo info;
    private final FileTransferRules rules;
    private final Path archiveRoot;
    private final QueueRoute route;
    private final Clock clock;
    private final Consumer<FileTransferSession> onEnd;
    private final Base64Lines base64 = new Base64Lines(this);
    private final ReentrantLock lock = new ReentrantLock();
    private ReceivedFile current;
    private boolean tooLarge;        // the rest of the current line is skipped
    private boolean partialJsonLine;
    private boolean jsonSpoiled;        // the rest of the JSON line is dropped
    private boolean ended;
    private boolean retired;
    private long saved;
    private long refusedTooLarge;
    private long malformed;
    private String firstMalformed;

    FileTransferSession(SessionInfo info, FileTransferRules rules, Path archiveRoot, QueueRoute route, Clock clock,
            Consumer<FileTransferSession> onEnd) {
        this.info = info;
        this.rules = rules;
        this.archiveRoot = archiveRoot;
        this.route = route;
        this.clock = clock;
        this.onEnd = onEnd;
    }

    @Override
    public void accept(ByteBuffer payload, long timestamp) throws IOException {
        lock.lock();
        try {
            if (ended) {
                throw new IOException(retired ? "the type worker was restarted (new configuration); the sensor may reconnect"
                        : "session already closed");
            }
            if (rules.base64()) {
                base64.feed(payload);
            } else {
                jsonLines(payload);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Raw lines: each non-empty one is a file as it is. A line with a control byte (other than tab and
     * carriage return) cannot be JSON, which never has one raw, and is dropped: a client cut off in
     * the middle of a file starts the next connection with a NUL byte so that the remainder goes.
     */
    private void jsonLines(ByteBuffer payload) throws IOException {
        byte[] chunk = new byte[Math.min(payload.remaining(), Base64Lines.PIECE)];
        while (payload.hasRemaining()) {
            int n = Math.min(chunk.length, payload.remaining());
            payload.get(chunk, 0, n);
            int start = 0;
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    if (i > start) {
                        data(chunk, start, i - start);
                    }
                    if (jsonSpoiled) {
                        jsonSpoiled = false;
                    } else {
                        endOfLine(!partialJsonLine && i == start);
                    }
                    partialJsonLine = false;
                    start = i + 1;
                } else if (b >= 0 && b < 0x20 && b != '\t' && b != '\r' && !jsonSpoiled) {
                    if (i > start) {
                        data(chunk, start, i - start);
                    }
                    malformed("control byte 0x" + Integer.toHexString(b) + ": not JSON");
                    jsonSpoiled = true;
                    start = i + 1;
                }
            }
            if (n > start) {
                data(chunk, start, n - start);
                partialJsonLine = true;
            }
        }
    }

    @Override
    public void data(byte[] bytes, int length) throws IOException {
        data(bytes, 0, length);
    }

    private void data(byte[] bytes, int offset, int length) throws IOException {
        if (tooLarge || jsonSpoiled) {
            return;
        }
        if (current == null) {
            current = new ReceivedFile(folder(), rules.extension(), rules.compress(), rules.maxFileBytes());
        }
        if (!current.write(bytes, offset, length)) {
            current.discard();
            current = null;
            tooLarge = true;
            refusedTooLarge++;
        }
    }

    @Override
    public void endOfLine(boolean empty) throws IOException {
        if (tooLarge) {
            tooLarge = false;
            return;
        }
        if (current == null) {
            return;     // an empty line
        }
        ReceivedFile file = current;
        current = null;
        Path path = file.finish();
        // on disk and forced before its path is queued; the queue may block (backpressure)
        route.push(path.toString().getBytes(StandardCharsets.UTF_8));
        saved++;
    }

    @Override
    public void malformed(String reason) {
        if (current != null) {
            current.discard();
            current = null;
        }
        tooLarge = false;
        if (malformed++ == 0) {
            firstMalformed = reason;
        }
    }

    /** {@code <archive>/<uuid>/<type>/YYYY/MM/DD/files}, or {@code <archive>/shared/<type>/YYYY/MM/DD/files} when not segregated. */
    private Path folder() {
        String type = ArchiveLayout.typeFolder(info.type(), info.extendedType());
        Path base = archiveRoot.resolve(rules.segregate() ? info.sensor().toString() : FileTransferRules.SHARED_FOLDER);
        return base.resolve(type).resolve(ArchiveLayout.dayFolders(clock.instant().atZone(ZoneOffset.UTC))).resolve(FileTransferRules.FILES_FOLDER);
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            end();
        } finally {
            lock.unlock();
            onEnd.accept(this);
        }
    }

    /** The worker stops: the file being received is dropped; later payloads are refused, so the sensor reconnects. */
    void retire() {
        lock.lock();
        try {
            retired = !ended;
            end();
        } finally {
            lock.unlock();
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        boolean cut = current != null || (rules.base64() ? base64.hasPartialLine() : partialJsonLine);
        if (current != null) {
            current.discard();
            current = null;
        }
        String what = ArchiveLayout.typeFolder(info.type(), info.extendedType());
        if (cut) {
            LOG.info("Sensor {} (type {}): the connection ended in the middle of a file, which was dropped", info.sensor(), what);
        }
        if (refusedTooLarge > 0) {
            LOG.warn("Sensor {} (type {}): {} files larger than {} bytes were refused", info.sensor(), what, refusedTooLarge,
                    rules.maxFileBytes());
        }
        if (malformed > 0) {
            LOG.warn("Sensor {} (type {}): {} lines were not {} and were dropped, the first: {}", info.sensor(), what, malformed,
                    rules.base64() ? "base64" : "JSON", firstMalformed);
        }
    }

    long savedFiles() {
        return saved;
    }

    long refusedTooLarge() {
        return refusedTooLarge;
    }

    long malformedLines() {
        return malformed;
    }

    @Override
    public String toString() {
        return info.id();
    }
}
