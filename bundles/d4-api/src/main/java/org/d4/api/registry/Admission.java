// SPDX-License-Identifier: Apache-2.0
package org.d4.api.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a new connection: accepted with the key its frames must be signed with, or refused
 * with a readable reason.
 */
public final class Admission {
    private final byte[] key;
    private final String refusal;

    private Admission(byte[] key, String refusal) {
        this.key = key;
        this.refusal = refusal;
    }

    public static Admission accept(byte[] key) {
        return new Admission(Objects.requireNonNull(key, "key").clone(), null);
    }

    public static Admission refuse(String reason) {
        return new Admission(null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean accepted() {
        return key != null;
    }

    /** The HMAC key for an accepted connection (a copy). */
    public byte[] key() {
        if (key == null) {
            throw new IllegalStateException("refused: " + refusal);
        }
        return key.clone();
    }

    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    @Override
    public String toString() {
        return accepted() ? "accepted" : "refused: " + refusal;
    }
}
