// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.d4.api.ingest.SessionInfo;
import org.d4.api.queue.QueueRoute;

/** One connection's payloads appended to a file per UTC day, and each queued as one chunk. */
final class RawArchiveSession extends ArchivingSession {
    private final QueueRoute route;

    RawArchiveSession(SessionInfo info, DailyRawFile file, QueueRoute route, Consumer<ArchivingSession> onEnd) {
        super(info, file, onEnd);
        this.route = route;
    }

    @Override
    protected void receive(ByteBuffer payload) throws IOException {
        byte[] chunk = new byte[payload.remaining()];
        payload.duplicate().get(chunk);
        archive.write(payload);
        route.push(chunk);
    }

    @Override
    protected void endOfData(boolean byPeer) {
        // every payload was complete in itself
    }
}
