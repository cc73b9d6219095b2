// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The type-2 meta header: a JSON object naming the extended type of the type-254 frames that follow
 * ({@code "type"}) plus free metadata ({@code encoding}, {@code tags}, {@code misp:org}, ...).
 *
 * <p>Immutable. {@code metadata} holds every key but {@code type}, in document order, with values
 * as described for {@link #parse}; it is unmodifiable all the way down when it comes from
 * {@code parse}. Whether a type is <em>accepted</em> is the server's configuration, not decided here.
 *
 * @param type the extended type name, 1-{@value #MAX_TYPE_LENGTH} characters of {@code [A-Za-z0-9._:-]}
 * @param metadata the other keys; never null
 */
public record MetaHeader(String type, Map<String, Object> metadata) {

    public static final int MAX_TYPE_LENGTH = 64;
    /** A sensible {@code maxBytes} for {@link #parse}. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    /** Extended types known from the reference sensors and analyzers. */
    public static final List<String> KNOWN_EXTENDED_TYPES = List.of("ja3-jl", "d4-telemetry", "maltrail", "fascia",
            "passivedns");

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_TYPE_LENGTH + "}");
    private static final int MAX_DEPTH = 32;
    // ObjectReader is immutable and thread-safe, so one shared instance holds no mutable state
    private static final ObjectReader READER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    /** @throws IllegalArgumentException if the type name is not valid or metadata contains "type" */
    public MetaHeader {
        String error = typeNameError(Objects.requireNonNull(type, "type"));
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        if (Objects.requireNonNull(metadata, "metadata").containsKey("type")) {
            throw new IllegalArgumentException("metadata must not contain \"type\", it is a component of its own");
        }
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Parses a meta header payload (all type-2 payloads of a connection joined, when the sensor
     * split it). Values in {@code metadata} are {@link String}, {@link Boolean}, {@link Number}
     * ({@code Integer}, {@code Long}, {@code BigInteger}, {@code Double} or {@code BigDecimal}),
     * {@code List}, {@code Map<String, Object>} or null for JSON null.
     *
     * @param json the payload bytes (UTF-8 JSON)
     * @param maxBytes the largest payload accepted
     * @throws FrameException {@code BAD_META_HEADER}: too large, not JSON, not one object, duplicate
     *     keys, nested deeper than 32, or a missing, non-string or invalid {@code type}
     */
    public static MetaHeader parse(byte[] json, int maxBytes) throws FrameException {
        if (json.length > maxBytes) {
            throw bad("the meta header has " + json.length + " bytes, the limit is " + maxBytes);
        }
        JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw bad(root.isMissingNode() ? "the meta header holds no JSON value"
                    : "the meta header must be a JSON object, got " + kind(root));
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw bad(type == null ? "the meta header has no \"type\" key"
                    : "the meta header's \"type\" must be a string, got " + kind(type));
        }
        String error = typeNameError(type.textValue());
        if (error != null) {
            throw bad(error);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("type")) {
                metadata.put(e.getKey(), JsonValues.toJava(e.getValue()));
            }
        });
        return new MetaHeader(type.textValue(), metadata);
    }

    /** True if {@link #type} is one of {@link #KNOWN_EXTENDED_TYPES}. */
    public boolean isKnownType() {
        return KNOWN_EXTENDED_TYPES.contains(type);
    }

    private static JsonNode readTree(byte[] json) throws FrameException {
        if (json.length == 0) {
            throw bad("the meta header is empty");
        }
        try {
            return READER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new FrameException(FrameException.Reason.BAD_META_HEADER, "the meta header is not valid JSON"
                    + where + ": " + JsonValues.printable(String.valueOf(e.getOriginalMessage()), 200), e);
        } catch (IOException e) {   // not thrown for an in-memory array, but declared
            throw new FrameException(FrameException.Reason.BAD_META_HEADER, "the meta header cannot be read", e);
        }
    }

    private static String typeNameError(String name) {
        if (name.isEmpty()) {
            return "the meta header's \"type\" is empty";
        }
        if (name.length() > MAX_TYPE_LENGTH) {
            return "the meta header's \"type\" is longer than " + MAX_TYPE_LENGTH + " characters: "
                    + JsonValues.excerpt(name, MAX_TYPE_LENGTH);
        }
        if (!TYPE_NAME.matcher(name).matches()) {
            return "the meta header's \"type\" " + JsonValues.excerpt(name, MAX_TYPE_LENGTH)
                    + " has characters outside [A-Za-z0-9._:-]";
        }
        return null;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    private static FrameException bad(String message) {
        return new FrameException(FrameException.Reason.BAD_META_HEADER, message);
    }
}
