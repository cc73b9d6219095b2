// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The framework properties of an image: {@code etc/config.properties} with {@code ${name}}
 * placeholders resolved against {@code d4.home}, system properties, the file's own entries and
 * {@code ${env:NAME}}. A system property of the same name overrides an entry, so one image can be
 * started with different settings without editing it.
 */
final class LaunchProperties {
    private static final int MAX_DEPTH = 16;

    private LaunchProperties() {
    }

    static Map<String, String> load(Path file, Path home, Properties system, UnaryOperator<String> env) throws IOException {
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(in);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            merged.put(key, system.getProperty(key, raw.getProperty(key)));
        }
        merged.put("d4.home", home.toString());
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            resolved.put(e.getKey(), substitute(e.getValue(), merged, system, env, 0));
        }
        return resolved;
    }

    static String substitute(String value, Map<String, String> props, Properties system, UnaryOperator<String> env, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("placeholders nest too deeply (a cycle?) in: " + value);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed ${ in: " + value);
            }
            out.append(value, i, start);
            String name = value.substring(start + 2, end);
            String replacement;
            if (name.startsWith("env:")) {
                replacement = env.apply(name.substring(4));
            } else {
                replacement = system.getProperty(name, props.get(name));
            }
            if (replacement == null) {
                throw new IllegalArgumentException("unknown placeholder ${" + name + "} in: " + value);
            }
            out.append(substitute(replacement, props, system, env, depth + 1));
            i = end + 1;
        }
        return out.toString();
    }
}
