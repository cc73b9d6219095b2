// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

/**
 * Arbitrary bytes as the body of an API request (seeds: the bodies of the README's REST section,
 * {@code RequestBodyFuzzTestInputs}), parsed as {@link RestApi} does and then read by the field
 * readers the routes use: each step either gives a well-formed value or refuses with an
 * {@link ApiError} 400, never another exception. A parsed body is one JSON object that written
 * back parses to itself; a string field is never empty; a number field is never negative; a UUID
 * is canonical; an address comes only from an IP literal (never a name to look up).
 */
class RequestBodyFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fields the routes read (sensors, users, queues, dead letters, server policy, self service). */
    private static final List<String> FIELDS = List.of("uuid", "hmac_key", "description", "mail", "name", "password", "roles",
            "must_change", "mode", "default_key", "key", "current_password", "new_password", "type", "extended_type",
            "sensors", "max_size", "ids", "ip");

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] bytes) throws JsonProcessingException {
        JsonNode body;
        try {
            body = RequestBody.parse(bytes);
        } catch (ApiError refused) {
            assertEquals(400, refused.status(), refused.getMessage());
            return;
        }
        if (bytes.length == 0) {
            assertTrue(body.isMissingNode());
            return;
        }
        assertTrue(body.isObject(), body::toString);
        if (finite(body)) {
            assertEquals(body, RequestBody.parse(JSON.writeValueAsBytes(body)), "written back");
        }

        Call call = new Call(null, List.of(), body, name -> null, "192.0.2.1");
        List<String> fields = new java.util.ArrayList<>(FIELDS);
        body.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            refusedOr400(() -> assertFalse(call.text(field).isEmpty()));
            refusedOr400(() -> {
                String text = call.optionalText(field);
                assertTrue(text == null || body.get(field).isTextual());
            });
            refusedOr400(() -> {
                Integer n = call.optionalInt(field);
                assertTrue(n == null || n >= 0, () -> field + " " + n);
            });
            JsonNode value = body.get(field);
            if (value != null && value.isTextual()) {
                String text = value.textValue();
                refusedOr400(() -> assertEquals(text.toLowerCase(java.util.Locale.ROOT), Call.uuid(text, field).toString()));
                refusedOr400(() -> address(text));
            }
            if (value != null && value.isArray()) {
                value.forEach(element -> refusedOr400(() -> {
                    UUID uuid = Call.uuid(element.asText(), field);
                    assertTrue(element.asText().equalsIgnoreCase(uuid.toString()));
                }));
            }
        }
    }

    private static void address(String text) {
        InetAddress address = Call.address(text);
        boolean literal = text.indexOf(':') >= 0 || text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        assertTrue(literal, () -> text + " taken for an address: " + address);
    }

    /** A step that may only succeed or refuse with 400. */
    private static void refusedOr400(Runnable step) {
        try {
            step.run();
        } catch (ApiError refused) {
            assertEquals(400, refused.status(), refused.getMessage());
        }
    }

    /** Jackson turns a number too large for a double into infinity, which JSON cannot write back. */
    private static boolean finite(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            return Double.isFinite(node.doubleValue());
        }
        for (JsonNode child : node) {
            if (!finite(child)) {
                return false;
            }
        }
        return true;
    }
}
