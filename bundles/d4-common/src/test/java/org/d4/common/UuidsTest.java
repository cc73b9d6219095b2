// SPDX-License-Identifier: Apache-2.0
package org.d4.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UuidsTest {

    @Test
    void acceptsTheCanonicalFormInEitherCase() {
        UUID uuid = UUID.fromString("3b2a1c9e-5d4f-4a6b-8c7d-0e1f2a3b4c5d");
        assertEquals(Optional.of(uuid), Uuids.parseCanonical("3b2a1c9e-5d4f-4a6b-8c7d-0e1f2a3b4c5d"));
        assertEquals(Optional.of(uuid), Uuids.parseCanonical("3B2A1C9E-5D4F-4A6B-8C7D-0E1F2A3B4C5D"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "1-2-3-4-5", "3b2a1c9e-5d4f-4a6b-8c7d-0e1f2a3b4c5", "3b2a1c9e5d4f4a6b8c7d0e1f2a3b4c5d",
            " 3b2a1c9e-5d4f-4a6b-8c7d-0e1f2a3b4c5d", "not a uuid", "3b2a1c9e-5d4f-4a6b-8c7d-0e1f2a3b4c5dx"})
    void refusesEverythingElse(String text) {
        assertEquals(Optional.empty(), Uuids.parseCanonical(text));
    }
}
