// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyTest {

    @Test
    void oneObjectOrNothing() {
        assertEquals("analyst", RequestBody.parse("{\"name\": \"analyst\"}".getBytes(UTF_8)).path("name").asText());
        assertTrue(RequestBody.parse(new byte[0]).isMissingNode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"text\"", "42", "null", "{", "{\"a\":}", "name=analyst"})
    void anythingButAnObjectIs400(String body) {
        assertEquals(400, assertThrows(ApiError.class, () -> RequestBody.parse(body.getBytes(UTF_8))).status());
    }

    /** Jackson reads the first value and ignored what followed it, so {"ip":"..."} plus junk passed as the object alone. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"ip\": \"192.0.2.7\"} {\"ip\": \"198.51.100.1\"}", "{} x", "{}]"})
    void dataAfterTheObjectIsRefused(String body) {
        assertEquals(400, assertThrows(ApiError.class, () -> RequestBody.parse(body.getBytes(UTF_8))).status());
    }

    @Test
    void aBodyBeyondTheLimitIs413() {
        byte[] body = new byte[RestApi.MAX_BODY + 1];
        assertEquals(413, assertThrows(ApiError.class, () -> RequestBody.parse(body)).status());
    }

    @Test
    void addressLiterals() {
        assertEquals("/192.0.2.7", Call.address("192.0.2.7").toString());
        assertEquals("/2001:db8:0:0:0:0:0:1", Call.address("2001:db8::1").toString());
    }

    /**
     * InetAddress.getByName resolves what is not a literal: "cafe" and "999.1.1.1" (hex digits and
     * dots, so they passed the character check) went to the DNS, and "1.2.3" and "10" were taken
     * in their legacy short forms as 1.2.0.3 and 0.0.0.10.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cafe", "dead.beef", "999.1.1.1", "1.2.3", "10", "01.2.3.4", "1.2.3.4.", "192.0.2.256"})
    void namesAndShortFormsAreRefusedWithoutALookup(String text) {
        assertEquals(400, assertThrows(ApiError.class, () -> Call.address(text)).status());
    }
}
