// SPDX-License-Identifier: Apache-2.0
package org.d4.api.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The payloads of one connection, in order, on one thread at a time. A call may block (disk, queue):
 * the server then stops reading from that connection instead of buffering without bound.
 */
@ConsumerType
public interface PayloadSession {

    /**
     * One verified payload. The buffer is the session's to read during the call only.
     *
     * @param timestamp the frame's timestamp (seconds since the epoch, as sent)
     * @throws IOException or a {@link RejectedPayloadException} to close the connection; the
     *         message becomes the sensor's recorded error
     */
    void accept(ByteBuffer payload, long timestamp) throws IOException;

    /**
     * Payloads that arrived while the session was busy with earlier ones, in order, handed over at
     * once so that they can be written together; each as if passed to {@link #accept}, which is
     * what this default does. The buffers are the session's to read during the call only.
     *
     * @param timestamp the timestamp of the last of them
     */
    default void acceptAll(List<ByteBuffer> payloads, long timestamp) throws IOException {
        for (ByteBuffer payload : payloads) {
            accept(payload, timestamp);
        }
    }

    /**
     * The connection ended (peer closed, error, kick or server stop); finish what was started
     * (complete files, queue them). Called exactly once, after the last {@link #accept}.
     */
    void close() throws IOException;
}
