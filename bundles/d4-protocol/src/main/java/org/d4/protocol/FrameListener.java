// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what a {@link FrameDecoder} finds in a stream, on the thread that calls
 * {@link FrameDecoder#feed}. Throwing from a method stops decoding and leaves the decoder unusable;
 * that is how a caller rejects a stream (bad HMAC, type not accepted, ...).
 */
@ConsumerType
@FunctionalInterface
public interface FrameListener {

    /**
     * A complete frame. The payload holds exactly {@code header.size()} bytes between its position
     * and limit; it is only valid during this call (it may be a view of the caller's chunk or of
     * the decoder's reusable buffer), so copy what must outlive it. Do not modify its content;
     * moving its position or limit is fine.
     */
    void onFrame(FrameHeader header, ByteBuffer payload) throws FrameException;

    /**
     * A header is complete and its size is within the decoder's limit; its payload has not been
     * read yet. Lets a caller reset an idle timer or reject the frame before its payload arrives.
     * {@link #onFrame} follows once the payload is complete (at once for a zero-size frame).
     */
    default void onHeader(FrameHeader header) throws FrameException {
    }
}
