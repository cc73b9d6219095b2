// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a Jackson tree into unmodifiable plain Java values, so the public API does not expose
 * Jackson types (the client runs on a plain classpath and callers should not depend on our parser).
 */
final class JsonValues {

    private JsonValues() {
    }

    /**
     * Objects become unmodifiable maps in document order, arrays unmodifiable lists, numbers
     * {@link Integer}, {@link Long}, {@link java.math.BigInteger}, {@link Double} or
     * {@link java.math.BigDecimal}, JSON null {@code null}.
     */
    static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return Collections.unmodifiableList(list);
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;   // JSON null; binary and POJO nodes do not come out of a parser
    }

    /** Untrusted text quoted for an error message: see {@link #printable}. */
    static String excerpt(String text, int max) {
        String cut = text.length() > max ? text.substring(0, max) : text;
        return "\"" + printable(cut, max).replace('"', '?') + "\"" + (cut.length() < text.length() ? "..." : "");
    }

    /** Untrusted text cut to {@code max} characters, anything but printable ASCII replaced by '?'. */
    static String printable(String text, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && i < max; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return text.length() > max ? sb.append("...").toString() : sb.toString();
    }
}
