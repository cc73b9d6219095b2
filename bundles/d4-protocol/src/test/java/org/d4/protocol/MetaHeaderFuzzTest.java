// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary bytes as a type-2 payload: {@link MetaHeader#parse} either returns a valid header or
 * throws a {@code BAD_META_HEADER} {@link FrameException}, nothing else. A header it returns holds
 * a valid type, no {@code "type"} among its metadata, unmodifiable values of the documented kinds,
 * and written back as JSON parses to an equal header. Seeds: meta headers as the reference
 * sensors send them ({@code MetaHeaderFuzzTestInputs}).
 */
class MetaHeaderFuzzTest {

    private static final int MAX = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] payload) throws JsonProcessingException {
        MetaHeader header;
        try {
            header = MetaHeader.parse(payload, MAX);
        } catch (FrameException refused) {
            assertEquals(FrameException.Reason.BAD_META_HEADER, refused.reason());
            return;
        }
        assertTrue(payload.length <= MAX);
        assertTrue(header.type().matches("[A-Za-z0-9._:-]{1,64}"), header.type());
        assertFalse(header.metadata().containsKey("type"));
        if (!checkValues(header.metadata())) {
            return;   // an overflowing number became an infinite double, which JSON cannot write back
        }
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("type", header.type());
        written.putAll(header.metadata());
        byte[] again = JSON.writeValueAsBytes(written);
        try {
            assertEquals(header, MetaHeader.parse(again, Integer.MAX_VALUE), new String(again, StandardCharsets.UTF_8));
        } catch (FrameException e) {
            throw new AssertionError("a parsed header written back does not parse: " + e.getMessage(), e);
        }
    }

    /** Values are of the documented kinds and unmodifiable; false if one is a non-finite double. */
    private static boolean checkValues(Object value) {
        if (value instanceof Map<?, ?> map) {
            assertThrows(UnsupportedOperationException.class, map::clear);
            boolean finite = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                assertTrue(e.getKey() instanceof String);
                finite &= checkValues(e.getValue());
            }
            return finite;
        }
        if (value instanceof List<?> list) {
            assertThrows(UnsupportedOperationException.class, list::clear);
            boolean finite = true;
            for (Object element : list) {
                finite &= checkValues(element);
            }
            return finite;
        }
        if (value instanceof Double d) {
            return Double.isFinite(d);
        }
        assertTrue(value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof java.math.BigInteger || value instanceof java.math.BigDecimal,
                () -> "unexpected " + value.getClass());
        return true;
    }
}
