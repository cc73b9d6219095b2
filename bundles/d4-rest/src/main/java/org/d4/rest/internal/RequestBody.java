// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;

/**
 * The JSON body of an API request: one object, or nothing; anything else is a 400 (413 beyond the
 * limit). Its Content-Type is checked before, by the servlet.
 */
final class RequestBody {
    // immutable and thread-safe; trailing data after the object is refused, not silently ignored
    private static final ObjectReader READER = new ObjectMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestBody() {
    }

    /** The body's object, or a missing node for an empty body. */
    static JsonNode parse(byte[] bytes) {
        if (bytes.length > RestApi.MAX_BODY) {
            throw new ApiError(413, "request body larger than " + RestApi.MAX_BODY + " bytes");
        }
        if (bytes.length == 0) {
            return MissingNode.getInstance();
        }
        JsonNode node;
        try {
            node = READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {   // not thrown for an in-memory array, but declared
            throw ApiError.badRequest("unreadable body");
        }
        if (node == null || !node.isObject()) {
            throw ApiError.badRequest("the body must be a JSON object");
        }
        return node;
    }
}
