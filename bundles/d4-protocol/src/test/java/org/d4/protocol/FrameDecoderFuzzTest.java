// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Arbitrary bytes, cut at arbitrary places, into a decoder with a small limit: only a
 * {@link FrameException} may come out, and the decoder's memory stays within its bound. Type-2
 * payloads also go through {@link MetaHeader#parse} and every frame through HMAC verification.
 *
 * <p>The build runs this with {@code JAZZER_FUZZ=1} (a surefire execution of its own), so Jazzer
 * fuzzes for {@code fuzz.seconds} of the pom (10 s); without it, Jazzer only replays the stored inputs.
 */
class FrameDecoderFuzzTest {

    private static final int MAX = 512;

    @FuzzTest(maxDuration = "10s")
    void onlyFrameExceptionsEscape(FuzzedDataProvider data) {
        FrameDecoder decoder = new FrameDecoder(MAX);
        FrameAuthenticator auth = new FrameAuthenticator(TestFrames.KEY);
        FrameListener listener = (header, payload) -> {
            TestFrames.assertWithinBound(decoder);
            auth.verify(header, payload);
            if (header.type() == D4Type.META_HEADER.number()) {
                byte[] json = new byte[payload.remaining()];
                payload.get(json);
                try {
                    MetaHeader.parse(json, MAX);
                } catch (FrameException expected) {
                    // a bad meta header is the caller's to report; the decoder carries on
                }
            }
        };
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 2 * FrameHeader.HEADER_SIZE + MAX));
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                decoder.feed(buffer, listener);
                if (buffer.hasRemaining()) {
                    throw new AssertionError("feed left " + buffer.remaining() + " bytes of the chunk");
                }
                TestFrames.assertWithinBound(decoder);
            }
            decoder.endOfStream();
        } catch (FrameException expected) {
            TestFrames.assertWithinBound(decoder);
        }
    }
}
