// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.passivedns.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextDataTest {

    /** Answers and their text as dnspython decodes them (txt/make-txt-cases.py). */
    static Stream<Arguments> decodedByDnspython() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = TextDataTest.class.getResourceAsStream("/txt/txt-cases.jsonl");
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode c = json.readTree(line);
                cases.add(Arguments.of(c.get("raw").asText(), c.get("text").asText()));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("decodedByDnspython")
    void quotedAnswersAreDecodedAsDnspythonDoes(String raw, String text) throws Malformed {
        assertEquals(text, TextData.decode(raw));
        assertEquals(text, Rdata.normalize(RrTypes.TXT, raw), "the stored form is the decoded text");
        assertEquals(text, Rdata.normalize(RrTypes.SPF, raw));
    }

    static Stream<Arguments> unquotedOrBroken() {
        return Stream.of(
                Arguments.of("already decoded text", "already decoded text"),
                Arguments.of("back\\slash kept", "back\\slash kept"),
                Arguments.of("\"unterminated", "unterminated"),
                Arguments.of("\"lone backslash\\", "lone backslash\\"),
                Arguments.of("\"\\99 is not three digits\"", "99 is not three digits"),
                Arguments.of("\"\\256 is not a byte\"", "256 is not a byte"),
                Arguments.of("\"\\255\"", "\uFFFD"));
    }

    @ParameterizedTest
    @MethodSource("unquotedOrBroken")
    void unquotedOrBrokenDataIsKeptOrDecodedAsFarAsItGoes(String raw, String text) {
        assertEquals(text, TextData.decode(raw));
    }

    @Test
    void aNulByteFromAnEscapeIsMalformed() {
        assertThrows(Malformed.class, () -> Rdata.normalize(RrTypes.TXT, "\"a\\000b\""));
    }
}
