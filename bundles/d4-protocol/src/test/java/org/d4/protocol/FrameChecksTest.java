// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FrameChecksTest {

    private static final Set<Integer> ACCEPTED = Set.of(254, 1, 2, 3, 4, 8);

    @Test
    void versionOneIsTheOnlyVersion() {
        assertEquals(Optional.empty(), FrameChecks.version(FrameHeader.unsigned(1, 3, TestFrames.SENSOR, 0, 0)));
        assertEquals(Optional.of("unsupported protocol version 2 (expected 1)"),
                FrameChecks.version(FrameHeader.unsigned(2, 3, TestFrames.SENSOR, 0, 0)));
    }

    @Test
    void explainsWhyAUuidIsNotVersion4() {
        assertEquals(Optional.empty(), FrameChecks.uuid(TestFrames.SENSOR));
        assertEquals(Optional.of("sensor UUID c232ab00-9414-11ec-b3c8-9e6bdeced846 is a version-1 UUID, a version-4 UUID is required"),
                FrameChecks.uuid(UUID.fromString("c232ab00-9414-11ec-b3c8-9e6bdeced846")));
        assertEquals(Optional.of("sensor UUID f8a2d4b6-3c1e-4a5b-cd7f-0123456789ab is not an RFC 4122 UUID (variant 6),"
                + " a version-4 UUID is required"), FrameChecks.uuid(UUID.fromString("f8a2d4b6-3c1e-4a5b-cd7f-0123456789ab")));
    }

    @Test
    void typesMustBeKnownAndAccepted() {
        assertEquals(Optional.empty(), FrameChecks.knownType(254));
        assertEquals(Optional.of("type 0 (reserved) is not a D4 payload type"), FrameChecks.knownType(0));
        assertEquals(Optional.of("type 9 (unknown) is not a D4 payload type"), FrameChecks.knownType(9));
        assertEquals(Optional.empty(), FrameChecks.acceptedType(3, ACCEPTED));
        assertEquals(Optional.of("type 6 (NDJSON) is not accepted here (accepted: [1, 2, 3, 4, 8, 254])"),
                FrameChecks.acceptedType(6, ACCEPTED));
    }

    @Test
    void sizeWithinTheLimit() {
        assertEquals(Optional.empty(), FrameChecks.size(1000, 1000));
        assertEquals(Optional.of("the frame announces 1001 payload bytes, the limit is 1000"), FrameChecks.size(1001, 1000));
    }

    @Test
    void aHeaderReportsItsFirstProblem() {
        UUID v1 = UUID.fromString("c232ab00-9414-11ec-b3c8-9e6bdeced846");
        assertEquals(Optional.empty(), FrameChecks.header(FrameHeader.unsigned(1, 3, TestFrames.SENSOR, 0, 0), ACCEPTED));
        assertEquals("unsupported protocol version 0 (expected 1)",
                FrameChecks.header(FrameHeader.unsigned(0, 9, v1, 0, 0), ACCEPTED).orElseThrow());
        assertEquals(FrameChecks.uuid(v1), FrameChecks.header(FrameHeader.unsigned(1, 9, v1, 0, 0), ACCEPTED));
        assertEquals(FrameChecks.acceptedType(9, ACCEPTED),
                FrameChecks.header(FrameHeader.unsigned(1, 9, TestFrames.SENSOR, 0, 0), ACCEPTED));
    }
}
