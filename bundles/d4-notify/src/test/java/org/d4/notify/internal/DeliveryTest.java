// SPDX-License-Identifier: Apache-2.0
package org.d4.notify.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.d4.api.alert.AlertService;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class DeliveryTest {
    static Notice notice(String subject, String state) {
        return new Notice(1, "sensor_silent", subject, "warning", "it is \"quiet\"\n", state, Instant.parse("2026-12-05T10:00:00Z"),
                Optional.empty());
    }

    static boolean eventually(java.util.function.BooleanSupplier check) throws InterruptedException {
        for (int i = 0; i < 100 && !check.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        return check.getAsBoolean();
    }

    @Test
    void rateLimitedDeduplicatedRetriedAndTheHeldBackCountTold() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        int[] failuresLeft = {0};
        DeliveryQueue.Destination destination = (n, held) -> {
            if (failuresLeft[0]-- > 0) {
                throw new java.io.IOException("down");
            }
            sent.add(n.subject() + "/" + n.state() + "/" + held);
        };
        try (DeliveryQueue queue = new DeliveryQueue("test", destination, 2, Duration.ofSeconds(60), Duration.ofMillis(10), Clock.systemUTC())) {
            queue.offer(notice("a", "raised"));
            queue.offer(notice("a", "raised"));        // the same again: dropped
            queue.offer(notice("b", "raised"));
            queue.offer(notice("c", "raised"));        // third in a minute: held back
            assertTrue(eventually(() -> sent.size() == 2 && queue.heldBack() == 1), sent.toString());
            assertEquals(List.of("a/raised/0", "b/raised/0"), sent);
        }
        failuresLeft[0] = 2;
        try (DeliveryQueue queue = new DeliveryQueue("test", destination, 10, Duration.ofSeconds(60), Duration.ofMillis(10), Clock.systemUTC())) {
            queue.offer(notice("d", "raised"));
            assertTrue(eventually(() -> sent.contains("d/raised/0")), "delivered at the third attempt");
            assertEquals(1, queue.delivered());
            assertEquals(0, queue.failed());
        }
    }

    @Test
    void noticesFromEventsAndWebhookBodies() {
        Event event = new Event("org/d4/alert/sensor_silent/RAISED", Map.of(AlertService.PROPERTY_KIND, "sensor_silent",
                AlertService.PROPERTY_SUBJECT, "s1", AlertService.PROPERTY_RAISED, 1_764_928_800_000L, AlertService.PROPERTY_SEQUENCE, 7L,
                AlertService.PROPERTY_MESSAGE, "quiet", AlertService.PROPERTY_STATE, "raised"));
        Notice n = Notice.of(event).orElseThrow();
        assertEquals("RAISED warning sensor_silent s1: quiet", n.summary());
        assertEquals(Optional.empty(), Notice.of(new Event("org/d4/alert/x/RAISED", Map.of("kind", 3))), "not ours");

        Map<String, String> fields = notice("s\"1", "raised").fields();
        assertEquals("{\"text\": \"RAISED warning sensor_silent s\\\"1: it is \\\"quiet\\\"\\n\"}",
                WebhookNotifier.body("{\"text\": \"{{summary}}\"}", "application/json", fields));
        assertEquals("s\"1 {{unknown}}", WebhookNotifier.body("{{subject}} {{unknown}}", "text/plain", fields));
        String json = WebhookNotifier.body("", "application/json", fields);
        assertTrue(json.startsWith("{\"sequence\":\"1\",\"kind\":\"sensor_silent\",\"subject\":\"s\\\"1\""), json);
    }
}
