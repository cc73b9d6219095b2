// SPDX-License-Identifier: Apache-2.0
package org.d4.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import org.d4.api.security.AppUser;
import org.d4.common.Uuids;

/**
 * One API request as the handlers see it: who asks, the path parameters, the query and the body.
 *
 * @param user       the authenticated user
 * @param pathParams the values of the route's groups, in order
 * @param body       the JSON body, a missing node when there is none
 * @param query      a query-parameter lookup
 * @param remote     the client's address
 */
record Call(AppUser user, List<String> pathParams, JsonNode body, java.util.function.UnaryOperator<String> query, String remote) {

    String param(int index) {
        return pathParams.get(index);
    }

    UUID uuidParam(int index) {
        return uuid(param(index), "uuid");
    }

    InetAddress addressParam(int index) {
        return address(param(index));
    }

    /** A required string field of the body. */
    String text(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || !value.isTextual() || value.asText().isEmpty()) {
            throw ApiError.badRequest("missing parameter: " + field);
        }
        return value.asText();
    }

    /** An optional string field: null when absent; 400 when not a string. */
    String optionalText(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest(field + " must be a string");
        }
        return value.asText();
    }

    /** An optional integer query parameter within [min, max]; {@code absent} when not given. */
    long queryNumber(String name, long absent, long min, long max) {
        String value = query.apply(name);
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw ApiError.badRequest(name + " must be " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a number");
        }
    }

    /** An optional non-negative integer field: null when absent. */
    Integer optionalInt(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw ApiError.badRequest(field + " must be a non-negative integer");
        }
        return value.asInt();
    }

    static UUID uuid(String text, String what) {
        return Uuids.parseCanonical(text).orElseThrow(() -> ApiError.badRequest("invalid " + what + ": " + text));
    }

    /** An IPv4 or IPv6 literal; never a host name (no DNS lookups from the API). */
    static InetAddress address(String text) {
        // without a colon only a dotted quad: anything else ("cafe", "999.1.1.1") InetAddress would look up in the DNS
        if (text == null || text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+") || text.length() > 45
                || (text.indexOf(':') < 0 && !text.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"))) {
            throw ApiError.badRequest("invalid IP address: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw ApiError.badRequest("invalid IP address: " + text);
        }
    }
}
