// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Maven coordinates as the FeatureDescriptor specification writes them:
 * {@code groupId:artifactId[:type[:classifier]]:version}.
 */
record Coordinates(String groupId, String artifactId, String type, String classifier, String version) {

    static Coordinates parse(String text, Path source) throws IOException {
        String[] p = text.split(":");
        Coordinates c = switch (p.length) {
            case 3 -> new Coordinates(p[0], p[1], "jar", "", p[2]);
            case 4 -> new Coordinates(p[0], p[1], p[2], "", p[3]);
            case 5 -> new Coordinates(p[0], p[1], p[2], p[3], p[4]);
            default -> null;
        };
        if (c == null || c.groupId.isBlank() || c.artifactId.isBlank() || c.version.isBlank()) {
            throw new IOException(source + ": '" + text + "' is not groupId:artifactId[:type[:classifier]]:version");
        }
        if (c.version.contains("${")) {
            throw new IOException(source + ": version of '" + text + "' names a property the root pom does not define");
        }
        return c;
    }

    /** Identity of the artifact regardless of version: a bundle may be listed only once in an image. */
    String key() {
        return groupId + ":" + artifactId + (classifier.isEmpty() ? "" : ":" + classifier);
    }

    String fileName() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + "." + type;
    }

    @Override
    public String toString() {
        return groupId + ":" + artifactId + ":" + (classifier.isEmpty() ? "" : type + ":" + classifier + ":") + version;
    }
}
