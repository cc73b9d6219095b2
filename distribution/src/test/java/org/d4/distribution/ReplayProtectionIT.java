// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.Test;

/** The optional timestamp checks, off by default for compatibility, switched on in the configuration. */
class ReplayProtectionIT {

    @Test
    void timestampWindowAndMonotonicTimestampsRefuseReplays() throws Exception {
        try (Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE)
                .config("d4.server", Map.of("timestamp.window.s", "60", "monotonic.timestamps", "true")).start()) {
            UUID sensor = UUID.randomUUID();
            assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + sensor + "\",\"hmac_key\":\"k\"}").statusCode());
            assertEquals(200, d4.api("POST", "/sensors/" + sensor + "/approve", null).statusCode());
            FrameEncoder e = new FrameEncoder("k".getBytes());
            long now = Instant.now().getEpochSecond();

            try (TlsSensor s = d4.connectSensor()) {
                s.send(e.encode(3, sensor, now - 3600, "an hour old\n".getBytes()));
                assertTrue(s.closedByServer(Duration.ofSeconds(5)), "a frame from an hour ago is refused");
            }
            assertTrue(Commands.eventually(Duration.ofSeconds(5), () -> errors(d4).contains("from the server clock")), errors(d4));

            try (TlsSensor s = d4.connectSensor()) {
                s.send(e.encode(3, sensor, now, "first\n".getBytes()));
                s.send(e.encode(3, sensor, now, "same second\n".getBytes()));
                assertTrue(s.stillOpenAfter(Duration.ofMillis(500)), "equal timestamps are fine");
                s.send(e.encode(3, sensor, now - 10, "replayed\n".getBytes()));
                assertTrue(s.closedByServer(Duration.ofSeconds(5)), "an older timestamp within the connection is refused");
            }
            assertTrue(Commands.eventually(Duration.ofSeconds(5), () -> errors(d4).contains("replayed frame: timestamp " + (now - 10) + " is older than the previous frame's " + now)), errors(d4));
        }
    }

    private static String errors(Appliance d4) {
        try {
            return d4.api("GET", "/sensors/monitoring/errors", null).body();
        } catch (Exception e) {
            return "";
        }
    }
}
