// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One feature descriptor in the OSGi FeatureDescriptor JSON format (OSGi Compendium, FeatureDescriptor Service): its
 * bundles with their {@code start-order}, its configurations, and the
 * {@code framework-launching-properties} extension.
 *
 * @param id                    {@code groupId:artifactId[:type[:classifier]]:version}
 * @param source                the file it was read from, for messages
 * @param bundles               in the order listed
 * @param configurations        PID (factory PIDs as {@code factory~name}) to properties
 * @param frameworkProperties   launch properties the feature needs
 */
record FeatureDescriptor(String id, Path source, List<Bundle> bundles, Map<String, Map<String, String>> configurations,
        Map<String, String> frameworkProperties) {

    /** A bundle entry: Maven coordinates and the start level it boots at. */
    record Bundle(Coordinates coordinates, int startOrder) {}

    static final String LAUNCH_PROPERTIES = "framework-launching-properties";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a descriptor, replacing {@code ${name}} placeholders that {@code properties} knows; others are kept. */
    static FeatureDescriptor read(Path file, UnaryOperator<String> properties) throws IOException {
        String text = Placeholders.replaceKnown(Files.readString(file), properties);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        String version = root.path("feature-resource-version").asText("");
        if (!version.startsWith("1.")) {
            throw new IOException(file + ": \"feature-resource-version\" must be 1.x, found '" + version + "'");
        }
        String id = required(root, "id", file);
        List<Bundle> bundles = new ArrayList<>();
        for (JsonNode b : root.path("bundles")) {
            String coords = b.isTextual() ? b.asText() : required(b, "id", file);
            int startOrder = b.path("start-order").asInt(0);
            if (startOrder < 1) {
                throw new IOException(file + ": bundle " + coords + " needs a \"start-order\" of at least 1");
            }
            bundles.add(new Bundle(Coordinates.parse(coords, file), startOrder));
        }
        Map<String, Map<String, String>> configurations = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("configurations").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> pid = it.next();
            Map<String, String> values = new LinkedHashMap<>();
            pid.getValue().fields().forEachRemaining(v -> values.put(untyped(v.getKey()), scalar(v.getValue())));
            configurations.put(pid.getKey(), values);
        }
        Map<String, String> launch = new LinkedHashMap<>();
        JsonNode extension = root.path("extensions").path(LAUNCH_PROPERTIES);
        if (!extension.isMissingNode()) {
            if (!"JSON".equals(extension.path("type").asText())) {
                throw new IOException(file + ": extension " + LAUNCH_PROPERTIES + " must have \"type\": \"JSON\"");
            }
            extension.path("json").fields().forEachRemaining(v -> launch.put(v.getKey(), scalar(v.getValue())));
        }
        return new FeatureDescriptor(id, file, List.copyOf(bundles), configurations, launch);
    }

    private static String required(JsonNode node, String field, Path file) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IOException(file + ": missing \"" + field + "\"");
        }
        return value.asText();
    }

    /** The spec allows {@code "name:Type"} keys; FileInstall .cfg files are untyped. */
    private static String untyped(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? key : key.substring(0, colon);
    }

    private static String scalar(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return String.join(",", items);
        }
        return value.asText();
    }
}
