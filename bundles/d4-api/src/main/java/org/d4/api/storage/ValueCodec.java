// SPDX-License-Identifier: Apache-2.0
package org.d4.api.storage;

import java.nio.charset.StandardCharsets;
import org.osgi.annotation.versioning.ConsumerType;

/** Turns a value into the bytes a {@link StoredMap} keeps, and back. Implementations are stateless. */
@ConsumerType
public interface ValueCodec<V> {

    byte[] encode(V value);

    /** Throws IllegalArgumentException for bytes it cannot read (a newer format, a damaged entry). */
    V decode(byte[] bytes);

    /** Strings as UTF-8. */
    static ValueCodec<String> utf8() {
        return new ValueCodec<>() {
            @Override
            public byte[] encode(String value) {
                return value.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }
}
