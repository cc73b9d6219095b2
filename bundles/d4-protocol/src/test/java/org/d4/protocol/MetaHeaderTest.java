// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetaHeaderTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static MetaHeader parse(String json) throws FrameException {
        return MetaHeader.parse(utf8(json), MetaHeader.DEFAULT_MAX_BYTES);
    }

    @Test
    void keepsTheTypeAndEveryOtherKeyAsMetadata() throws FrameException {
        MetaHeader m = parse("{\"type\": \"ja3-jl\", \"encoding\": \"utf-8\", \"tags\": [\"a\", 1, null],"
                + " \"misp:org\": {\"id\": 12345678901, \"ok\": true}, \"ratio\": 0.5, \"none\": null}");
        assertEquals("ja3-jl", m.type());
        assertTrue(m.isKnownType());
        assertEquals(List.of("encoding", "tags", "misp:org", "ratio", "none"), List.copyOf(m.metadata().keySet()));
        assertEquals("utf-8", m.metadata().get("encoding"));
        assertEquals(Map.of("id", 12345678901L, "ok", true), m.metadata().get("misp:org"));
        assertEquals(0.5, m.metadata().get("ratio"));
        assertTrue(m.metadata().containsKey("none"));
        assertNull(m.metadata().get("none"));
        List<?> tags = (List<?>) m.metadata().get("tags");
        assertEquals("a", tags.get(0));
        assertEquals(1, tags.get(1));
        assertNull(tags.get(2));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMetadataIsImmutableAllTheWayDown() throws FrameException {
        MetaHeader m = parse("{\"type\": \"maltrail\", \"tags\": [\"a\"], \"o\": {\"k\": 1}}");
        assertThrows(UnsupportedOperationException.class, () -> m.metadata().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) m.metadata().get("tags")).add("b"));
        assertThrows(UnsupportedOperationException.class, () -> ((Map<String, Object>) m.metadata().get("o")).clear());
        Map<String, Object> source = new HashMap<>(Map.of("k", "v"));
        MetaHeader built = new MetaHeader("fascia", source);
        source.put("k2", "v2");
        assertEquals(Map.of("k", "v"), built.metadata());
    }

    @Test
    void aHeaderSplitOverSeveralFramesParsesOnceJoined() throws FrameException {
        byte[] a = utf8("{\"type\": \"d4-tel");
        byte[] b = utf8("emetry\", \"encoding\": \"utf-8\"}");
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertEquals("d4-telemetry", MetaHeader.parse(joined, 1000).type());
    }

    @Test
    void acceptsAnyWellFormedTypeNameKnownOrNot() throws FrameException {
        String longest = "a".repeat(MetaHeader.MAX_TYPE_LENGTH);
        assertEquals(longest, parse("{\"type\":\"" + longest + "\"}").type());
        MetaHeader custom = parse("{\"type\":\"Org.Example:feed_2-b\"}");
        assertFalse(custom.isKnownType());
        assertTrue(custom.metadata().isEmpty());
    }

    @ParameterizedTest(name = "{index}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                   | the meta header is empty
            '   '                                | the meta header holds no JSON value
            not json                             | the meta header is not valid JSON at line 1, column 5: Unrecognized token 'not'
            '{"type": "ja3-jl"'                  | the meta header is not valid JSON at line 1, column 18: Unexpected end-of-input
            '{"type": "ja3-jl"} {}'              | the meta header is not valid JSON at line 1, column 20: Trailing token
            '{"type": "a", "type": "b"}'         | the meta header is not valid JSON at line 1, column 21: Duplicate field 'type'
            '["ja3-jl"]'                         | the meta header must be a JSON object, got array
            '"ja3-jl"'                           | the meta header must be a JSON object, got string
            '42'                                 | the meta header must be a JSON object, got number
            '{}'                                 | the meta header has no "type" key
            '{"Type": "ja3-jl"}'                 | the meta header has no "type" key
            '{"type": 3}'                        | the meta header's "type" must be a string, got number
            '{"type": null}'                     | the meta header's "type" must be a string, got null
            '{"type": ["ja3-jl"]}'               | the meta header's "type" must be a string, got array
            '{"type": ""}'                       | the meta header's "type" is empty
            '{"type": "ja3 jl"}'                 | the meta header's "type" "ja3 jl" has characters outside [A-Za-z0-9._:-]
            '{"type": "../../etc"}'              | the meta header's "type" "../../etc" has characters outside [A-Za-z0-9._:-]
            '{"type": "jä3"}'                    | the meta header's "type" "j?3" has characters outside [A-Za-z0-9._:-]
            '{"type": "a\\nb"}'                  | the meta header's "type" "a?b" has characters outside [A-Za-z0-9._:-]
            """)
    void rejectsBadHeadersWithAReadableMessage(String json, String expected) {
        FrameException e = assertThrows(FrameException.class, () -> parse(json));
        assertEquals(FrameException.Reason.BAD_META_HEADER, e.reason());
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void rejectsTooLongTypeNames() {
        FrameException e = assertThrows(FrameException.class, () -> parse("{\"type\":\"" + "a".repeat(65) + "\"}"));
        assertEquals("the meta header's \"type\" is longer than 64 characters: \"" + "a".repeat(64) + "\"...", e.getMessage());
    }

    @Test
    void rejectsTooLargeHeadersBeforeParsing() {
        FrameException e = assertThrows(FrameException.class, () -> MetaHeader.parse(utf8("{\"type\":\"ja3-jl\"}"), 10));
        assertEquals("the meta header has 17 bytes, the limit is 10", e.getMessage());
    }

    @Test
    void rejectsDeepNestingAndBrokenUtf8() {
        String deep = "{\"type\":\"a\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";
        FrameException e = assertThrows(FrameException.class, () -> parse(deep));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        byte[] broken = utf8("{\"type\":\"a\",\"x\":\"..\"}");
        broken[17] = (byte) 0xC3;   // a lead byte followed by '.', not a continuation byte
        e = assertThrows(FrameException.class, () -> MetaHeader.parse(broken, 100));
        assertTrue(e.getMessage().startsWith("the meta header is not valid JSON"), e.getMessage());
    }

    @Test
    void theConstructorKeepsTheSameRules() {
        assertThrows(IllegalArgumentException.class, () -> new MetaHeader("", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new MetaHeader("a b", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new MetaHeader("a", Map.of("type", "b")));
        assertThrows(NullPointerException.class, () -> new MetaHeader(null, Map.of()));
        assertEquals(List.of("ja3-jl", "d4-telemetry", "maltrail", "fascia", "passivedns"), MetaHeader.KNOWN_EXTENDED_TYPES);
    }
}
