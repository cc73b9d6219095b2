// SPDX-License-Identifier: Apache-2.0
package org.d4.api.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
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
     * The connection ended (peer closed, error, kick or server stop); finish what was started
     * (complete files, queue them). Called exactly once, after the last {@link #accept}.
     */
    void close() throws IOException;
}
