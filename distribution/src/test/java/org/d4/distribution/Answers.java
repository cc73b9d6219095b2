// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The JSON of the appliance's HTTP answers, as the image tests read it. */
final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    /** The body as one JSON document. */
    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** A 200 answer's lines of newline-delimited JSON, blank lines skipped. */
    static List<JsonNode> ndjson(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        List<JsonNode> out = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
