// SPDX-License-Identifier: Apache-2.0
package org.d4.workers.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * JSON Lines of objects (ja3-jl): a line passes when it is exactly one JSON object. Checked with
 * Jackson's streaming parser, which keeps no tree: memory stays within the line's own bytes.
 */
final class JsonObjectLineFilter implements LineFilter {
    private final JsonFactory json;

    JsonObjectLineFilter(JsonFactory json) {
        this.json = json;
    }

    @Override
    public boolean accepts(byte[] line) {
        try (JsonParser parser = json.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException notJson) {
            return false;
        }
    }

    @Override
    public String name() {
        return ArchivePosition.JSON_OBJECT_LINE;
    }

    @Override
    public String expected() {
        return "JSON objects";
    }
}
