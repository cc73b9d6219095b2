// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.d4.api.ingest.PayloadSession;
import org.d4.api.ingest.SessionInfo;

/**
 * What every worker session shares: its lock, its archive, rotation on each payload and on the
 * flusher's ticks, and its end. The server calls {@link #accept} on one thread at a time, but the
 * flusher and a stopping worker come from other threads, hence the lock around all of it.
 */
abstract class ArchivingSession implements PayloadSession {
    private final ReentrantLock lock = new ReentrantLock();
    private final Consumer<ArchivingSession> onEnd;
    protected final SessionInfo info;
    protected final ArchiveOutput archive;
    private boolean ended;
    private boolean retired;

    ArchivingSession(SessionInfo info, ArchiveOutput archive, Consumer<ArchivingSession> onEnd) {
        this.info = info;
        this.archive = archive;
        this.onEnd = onEnd;
    }

    /** Handles one payload: archive it, hand its units on. Runs under the session's lock. */
    protected abstract void receive(ByteBuffer payload) throws IOException;

    /** Handles payloads that waited together, in order; sessions that can write them at once override this. */
    protected void receiveAll(List<ByteBuffer> payloads) throws IOException {
        for (ByteBuffer payload : payloads) {
            receive(payload);
        }
    }

    /**
     * No more payloads: flush what is held back. Runs under the lock, before the archive's last file is finished.
     *
     * @param byPeer true when the connection ended; false when the worker stops under a live connection
     */
    protected abstract void endOfData(boolean byPeer) throws IOException;

    @Override
    public final void accept(ByteBuffer payload, long timestamp) throws IOException {
        lock.lock();
        try {
            startPayloads();
            receive(payload);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void acceptAll(List<ByteBuffer> payloads, long timestamp) throws IOException {
        lock.lock();
        try {
            startPayloads();
            receiveAll(payloads);
        } finally {
            lock.unlock();
        }
    }

    private void startPayloads() throws IOException {
        if (ended) {
            throw new IOException(retired ? "the type worker was restarted (new configuration); the sensor may reconnect"
                    : "session already closed");
        }
        archive.rotateIfDue();
    }

    @Override
    public final void close() throws IOException {
        lock.lock();
        try {
            if (!ended) {
                end(true);
            }
        } finally {
            lock.unlock();
            onEnd.accept(this);
        }
    }

    /** From the flusher: rotates a quiet session's file on time, lets it rest if quiet, then forces written data to disk. */
    final void tick() throws IOException {
        // a session busy in accept (possibly blocked by a full queue) rotates on its next payload itself
        if (lock.tryLock()) {
            try {
                if (!ended) {
                    archive.rotateIfDue();
                    archive.restIfQuiet();
                }
            } finally {
                lock.unlock();
            }
        }
        archive.force();
    }

    /** The worker stops: finish as on close; later payloads are refused, so the sensor reconnects to the new worker. */
    final void retire() throws IOException {
        lock.lock();
        try {
            if (!ended) {
                retired = true;
                end(false);
            }
        } finally {
            lock.unlock();
        }
    }

    private void end(boolean byPeer) throws IOException {
        ended = true;
        try {
            endOfData(byPeer);
        } finally {
            archive.finish();
        }
    }

    @Override
    public String toString() {
        return info.id();
    }
}
