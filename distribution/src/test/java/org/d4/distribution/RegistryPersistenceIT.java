// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.Test;

/** Sensors, keys, approvals, blacklists, mode and counters survive a clean restart and a kill -9. */
class RegistryPersistenceIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void registrySurvivesRestartAndKillNine() throws Exception {
        try (Appliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).start()) {
            UUID approved = UUID.randomUUID();
            UUID pending = UUID.randomUUID();
            assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + approved + "\",\"hmac_key\":\"k1\",\"description\":\"roof\"}").statusCode());
            assertEquals(200, d4.api("POST", "/add/sensor/register", "{\"uuid\":\"" + pending + "\",\"hmac_key\":\"k2\"}").statusCode());
            assertEquals(200, d4.api("POST", "/sensors/" + approved + "/approve", null).statusCode());
            assertEquals(200, d4.api("PUT", "/sensors/" + approved, "{\"max_buffered_entries\":42}").statusCode());
            assertEquals(200, d4.api("POST", "/blacklist/ip/198.51.100.7", null).statusCode());
            assertEquals(200, d4.api("POST", "/types/extended/maltrail", null).statusCode());
            FrameEncoder encoder = new FrameEncoder("k1".getBytes());
            try (TlsSensor s = d4.connectSensor()) {
                for (int i = 0; i < 10; i++) {
                    s.send(encoder.encode(3, approved, Instant.now().getEpochSecond(), ("line " + i + "\n").getBytes()));
                }
                assertTrue(s.stillOpenAfter(Duration.ofMillis(500)));
            }
            Thread.sleep(3000);  // counters reach the store within a second, the store commits within another

            assertEquals(0, d4.d4("stop", Duration.ofSeconds(30)).exitCode());
            assertEquals(0, d4.d4("start", Duration.ofSeconds(90)).exitCode());
            assertState(d4, approved, pending);

            long pid = d4.pid();
            assertEquals(0, Commands.run(d4.home(), Map.of(), Duration.ofSeconds(10), "kill", "-9", Long.toString(pid)).exitCode());
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            assertEquals(0, d4.d4("start", Duration.ofSeconds(90)).exitCode(), "starts again after kill -9");
            assertState(d4, approved, pending);
            try (TlsSensor s = d4.connectSensor()) {
                s.send(encoder.encode(3, approved, Instant.now().getEpochSecond(), "after the crash\n".getBytes()));
                assertTrue(s.stillOpenAfter(Duration.ofMillis(500)), "the approved sensor still connects with its key");
            }
        }
    }

    private static void assertState(Appliance d4, UUID approved, UUID pending) throws Exception {
        JsonNode a = JSON.readTree(d4.api("GET", "/sensors/" + approved, null).body());
        assertEquals("approved", a.path("status").asText());
        assertEquals("roof", a.path("description").asText());
        assertEquals(42, a.path("max_buffered_entries").asInt());
        assertEquals(10, a.path("frames_today").asLong(), "counters survive");
        assertEquals("pending", JSON.readTree(d4.api("GET", "/sensors/" + pending, null).body()).path("status").asText());
        assertTrue(d4.api("GET", "/blacklist/ip", null).body().contains("198.51.100.7"));
        assertTrue(d4.api("GET", "/types/extended", null).body().contains("maltrail"));
    }
}
