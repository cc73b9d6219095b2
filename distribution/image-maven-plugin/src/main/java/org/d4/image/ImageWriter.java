// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Lays out an image folder from resolved features: boot bundles in {@code bundle/} with
 * {@code etc/startup.properties}, optional bundles in {@code analyzers/}, feature configurations as
 * {@code etc/<pid>.cfg}, launch properties appended to {@code etc/config.properties}. Refuses a
 * bundle listed twice, a jar that is no bundle, and conflicting settings between features.
 */
final class ImageWriter {
    private final Path image;
    private final Function<Coordinates, Path> resolver;

    ImageWriter(Path image, Function<Coordinates, Path> resolver) {
        this.image = image;
        this.resolver = resolver;
    }

    void write(Path template, List<FeatureDescriptor> boot, List<FeatureDescriptor> optional, List<Path> libraries) throws IOException {
        checkListedOnce(boot, optional);
        deleteRecursively(image);
        copyTree(template, image);
        for (String dir : List.of("bin", "lib", "bundle", "deploy", "analyzers", "etc", "data", "logs")) {
            Files.createDirectories(image.resolve(dir));
        }
        for (Path library : libraries) {
            Files.copy(library, image.resolve("lib").resolve(library.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        record Boot(String file, int level) {}
        List<Boot> startup = new ArrayList<>();
        for (FeatureDescriptor feature : boot) {
            for (FeatureDescriptor.Bundle b : feature.bundles()) {
                copyBundle(b.coordinates(), image.resolve("bundle"));
                startup.add(new Boot("bundle/" + b.coordinates().fileName(), b.startOrder()));
            }
        }
        for (FeatureDescriptor feature : optional) {
            for (FeatureDescriptor.Bundle b : feature.bundles()) {
                copyBundle(b.coordinates(), image.resolve("analyzers"));
            }
        }
        startup.sort(Comparator.comparingInt(Boot::level));  // stable: keeps feature order within a level
        StringBuilder list = new StringBuilder("# Boot bundles and their start levels, generated from the features; installed in this order.\n");
        startup.forEach(s -> list.append(s.file()).append(" = ").append(s.level()).append('\n'));
        Files.writeString(image.resolve("etc/startup.properties"), list, StandardCharsets.UTF_8);

        List<FeatureDescriptor> all = new ArrayList<>(boot);
        all.addAll(optional);
        writeConfigurations(all);
        appendLaunchProperties(boot);
    }

    private void checkListedOnce(List<FeatureDescriptor> boot, List<FeatureDescriptor> optional) throws IOException {
        Map<String, String> seen = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (FeatureDescriptor feature : Stream.concat(boot.stream(), optional.stream()).toList()) {
            for (FeatureDescriptor.Bundle b : feature.bundles()) {
                String earlier = seen.putIfAbsent(b.coordinates().key(), feature.id());
                if (earlier != null) {
                    duplicates.add(b.coordinates().key() + " (in " + earlier + " and " + feature.id() + ")");
                }
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IOException("a bundle may be listed in one feature only: " + String.join(", ", duplicates));
        }
    }

    private void copyBundle(Coordinates coordinates, Path folder) throws IOException {
        Path jar = resolver.apply(coordinates);
        try (InputStream in = Files.newInputStream(jar); JarInputStream content = new JarInputStream(in)) {
            Manifest manifest = content.getManifest();
            if (manifest == null || manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                throw new IOException(coordinates + " is not an OSGi bundle (no Bundle-SymbolicName); wrap it with bnd first");
            }
        }
        Files.copy(jar, folder.resolve(coordinates.fileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private void writeConfigurations(List<FeatureDescriptor> features) throws IOException {
        Map<String, String> owner = new HashMap<>();
        for (FeatureDescriptor feature : features) {
            for (Map.Entry<String, Map<String, String>> c : feature.configurations().entrySet()) {
                String earlier = owner.putIfAbsent(c.getKey(), feature.id());
                if (earlier != null) {
                    throw new IOException("configuration " + c.getKey() + " is set by " + earlier + " and " + feature.id());
                }
                Path file = image.resolve("etc").resolve(c.getKey().replace('~', '-') + ".cfg");
                if (Files.exists(file)) {
                    throw new IOException(file.getFileName() + " is both in the image template and in " + feature.id());
                }
                StringBuilder text = new StringBuilder("# Defaults from feature " + feature.id() + "; edit to change them.\n");
                c.getValue().forEach((k, v) -> text.append(k).append(" = ").append(escape(v)).append('\n'));
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
        }
    }

    private void appendLaunchProperties(List<FeatureDescriptor> features) throws IOException {
        Path file = image.resolve("etc/config.properties");
        java.util.Properties existing = new java.util.Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                existing.load(in);
            }
        }
        Map<String, String> owner = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder();
        for (FeatureDescriptor feature : features) {
            if (feature.frameworkProperties().isEmpty()) {
                continue;
            }
            text.append("\n# from feature ").append(feature.id()).append('\n');
            for (Map.Entry<String, String> p : feature.frameworkProperties().entrySet()) {
                String earlier = owner.putIfAbsent(p.getKey(), feature.id());
                if (earlier != null || existing.containsKey(p.getKey())) {
                    throw new IOException("framework property " + p.getKey() + " is set twice ("
                            + (earlier != null ? earlier : "etc/config.properties") + " and " + feature.id() + ")");
                }
                text.append(p.getKey()).append(" = ").append(escape(p.getValue())).append('\n');
            }
        }
        Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    /** Properties-file escaping for values (backslashes and leading blanks). */
    static String escape(String value) {
        String escaped = value.replace("\\", "\\\\");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
