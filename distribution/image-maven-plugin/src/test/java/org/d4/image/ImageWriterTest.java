// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageWriterTest {
    @TempDir
    Path dir;

    private Path template;
    private Path image;
    private final Map<Coordinates, Path> repository = new HashMap<>();

    @BeforeEach
    void template() throws IOException {
        template = dir.resolve("template");
        image = dir.resolve("image");
        Files.createDirectories(template.resolve("etc"));
        Files.createDirectories(template.resolve("bin"));
        Files.writeString(template.resolve("etc/config.properties"), "# template\nfelix.log.level = 1\n");
        Files.writeString(template.resolve("bin/d4"), "#!/bin/sh\n");
    }

    private Coordinates bundle(String artifactId) throws IOException {
        return artifact(artifactId, "org.d4." + artifactId);
    }

    /** A jar in the fake repository, with a Bundle-SymbolicName unless {@code symbolicName} is null. */
    private Coordinates artifact(String artifactId, String symbolicName) throws IOException {
        Coordinates c = new Coordinates("org.d4", artifactId, "jar", "", "1.0");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        Path jar = dir.resolve("repo").resolve(artifactId + ".jar");
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream content = new JarOutputStream(out, manifest)) {
            content.closeEntry();
        }
        repository.put(c, jar);
        return c;
    }

    private static FeatureDescriptor feature(String id, Map<String, Map<String, String>> configurations,
            Map<String, String> launch, Object... bundlesAndLevels) {
        List<FeatureDescriptor.Bundle> bundles = new java.util.ArrayList<>();
        for (int i = 0; i < bundlesAndLevels.length; i += 2) {
            bundles.add(new FeatureDescriptor.Bundle((Coordinates) bundlesAndLevels[i], (Integer) bundlesAndLevels[i + 1]));
        }
        return new FeatureDescriptor(id, Path.of(id + ".json"), bundles, configurations, launch);
    }

    private void write(List<FeatureDescriptor> boot, List<FeatureDescriptor> optional) throws IOException {
        new ImageWriter(image, repository::get).write(template, boot, optional, List.of());
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void laysOutBundlesStartupListConfigurationsAndLaunchProperties() throws IOException {
        Map<String, String> deploy = new LinkedHashMap<>();
        deploy.put("felix.fileinstall.dir", "${d4.home}/deploy");
        deploy.put("felix.fileinstall.filter", ".*\\.jar");
        deploy.put("padded", " x");
        Coordinates late = bundle("late");
        FeatureDescriptor core = feature("g:core:1", Map.of("org.apache.felix.fileinstall~deploy", deploy),
                Map.of("felix.cm.dir", "${d4.home}/data/config"),
                late, 2, bundle("early"), 1);
        FeatureDescriptor console = feature("g:console:1", Map.of("d4.console", Map.of("port", "8443")),
                Map.of("d4.console.enabled", "true"),
                bundle("console"), 1, bundle("pages"), 2);
        FeatureDescriptor analyzer = feature("g:analyzer:1", Map.of(), Map.of(), bundle("analyzer"), 1);
        Path library = Files.writeString(dir.resolve("launcher.jar"), "lib");

        new ImageWriter(image, repository::get).write(template, List.of(core, console), List.of(analyzer), List.of(library));

        assertEquals(List.of("console-1.0.jar", "early-1.0.jar", "late-1.0.jar", "pages-1.0.jar"), list("bundle"));
        assertEquals(List.of("analyzer-1.0.jar"), list("analyzers"));
        assertEquals(List.of("launcher.jar"), list("lib"));
        assertArrayEquals(Files.readAllBytes(repository.get(late)), Files.readAllBytes(image.resolve("bundle/late-1.0.jar")));
        for (String folder : List.of("bin", "deploy", "data", "logs")) {
            assertTrue(Files.isDirectory(image.resolve(folder)), folder);
        }
        assertEquals("#!/bin/sh\n", Files.readString(image.resolve("bin/d4")));

        List<String> startup = Files.readAllLines(image.resolve("etc/startup.properties")).stream()
                .filter(l -> !l.startsWith("#")).toList();
        assertEquals(List.of("bundle/early-1.0.jar = 1", "bundle/console-1.0.jar = 1",
                "bundle/late-1.0.jar = 2", "bundle/pages-1.0.jar = 2"), startup);

        Properties cfg = properties(image.resolve("etc/org.apache.felix.fileinstall-deploy.cfg"));
        assertEquals(deploy, cfg.entrySet().stream().collect(Collectors.toMap(e -> (String) e.getKey(), e -> (String) e.getValue())));
        assertEquals("8443", properties(image.resolve("etc/d4.console.cfg")).getProperty("port"));

        Properties config = properties(image.resolve("etc/config.properties"));
        assertEquals("1", config.getProperty("felix.log.level"));
        assertEquals("${d4.home}/data/config", config.getProperty("felix.cm.dir"));
        assertEquals("true", config.getProperty("d4.console.enabled"));
        assertTrue(Files.readString(image.resolve("etc/config.properties")).startsWith("# template\n"));
    }

    @Test
    void previousImageIsReplaced() throws IOException {
        Files.createDirectories(image.resolve("bundle"));
        Files.writeString(image.resolve("bundle/stale-0.9.jar"), "old");

        write(List.of(feature("g:core:1", Map.of(), Map.of(), bundle("a"), 1)), List.of());

        assertEquals(List.of("a-1.0.jar"), list("bundle"));
    }

    @Test
    void bundleInTwoFeaturesIsRefusedBeforeTouchingTheImage() throws IOException {
        Files.createDirectories(image);
        Files.writeString(image.resolve("keep"), "previous image");
        Coordinates shared = bundle("shared");
        Coordinates sharedOtherVersion = new Coordinates("org.d4", "shared", "jar", "", "2.0");

        IOException e = assertThrows(IOException.class, () -> write(
                List.of(feature("g:one:1", Map.of(), Map.of(), shared, 1)),
                List.of(feature("g:two:1", Map.of(), Map.of(), sharedOtherVersion, 1))));

        assertTrue(e.getMessage().contains("org.d4:shared") && e.getMessage().contains("g:one:1")
                && e.getMessage().contains("g:two:1"), e.getMessage());
        assertTrue(Files.exists(image.resolve("keep")));
    }

    @Test
    void jarWithoutSymbolicNameIsRefused() throws IOException {
        Coordinates plain = artifact("plain", null);
        IOException e = assertThrows(IOException.class,
                () -> write(List.of(feature("g:core:1", Map.of(), Map.of(), plain, 1)), List.of()));
        assertTrue(e.getMessage().contains("org.d4:plain:1.0") && e.getMessage().contains("Bundle-SymbolicName"), e.getMessage());
    }

    @Test
    void fileThatIsNoJarIsRefused() throws IOException {
        Coordinates garbage = bundle("garbage");
        Files.writeString(repository.get(garbage), "not a zip");
        assertThrows(IOException.class, () -> write(List.of(feature("g:core:1", Map.of(), Map.of(), garbage, 1)), List.of()));
    }

    @Test
    void frameworkPropertySetTwiceIsRefused() throws IOException {
        IOException e = assertThrows(IOException.class, () -> write(List.of(
                feature("g:one:1", Map.of(), Map.of("felix.cm.dir", "a"), bundle("a"), 1),
                feature("g:two:1", Map.of(), Map.of("felix.cm.dir", "b"), bundle("b"), 1)), List.of()));
        assertTrue(e.getMessage().contains("felix.cm.dir") && e.getMessage().contains("g:one:1")
                && e.getMessage().contains("g:two:1"), e.getMessage());
    }

    @Test
    void frameworkPropertyOfTheTemplateIsRefused() throws IOException {
        IOException e = assertThrows(IOException.class, () -> write(List.of(
                feature("g:one:1", Map.of(), Map.of("felix.log.level", "4"), bundle("a"), 1)), List.of()));
        assertTrue(e.getMessage().contains("felix.log.level") && e.getMessage().contains("etc/config.properties"), e.getMessage());
    }

    @Test
    void configurationInTwoFeaturesIsRefused() throws IOException {
        IOException e = assertThrows(IOException.class, () -> write(
                List.of(feature("g:one:1", Map.of("d4.tls", Map.of("a", "1")), Map.of(), bundle("a"), 1)),
                List.of(feature("g:two:1", Map.of("d4.tls", Map.of("a", "2")), Map.of(), bundle("b"), 1))));
        assertTrue(e.getMessage().contains("d4.tls") && e.getMessage().contains("g:one:1")
                && e.getMessage().contains("g:two:1"), e.getMessage());
    }

    @Test
    void configurationAlsoInTheTemplateIsRefused() throws IOException {
        Files.writeString(template.resolve("etc/d4.tls.cfg"), "a = 0\n");
        IOException e = assertThrows(IOException.class, () -> write(
                List.of(feature("g:one:1", Map.of("d4.tls", Map.of("a", "1")), Map.of(), bundle("a"), 1)), List.of()));
        assertTrue(e.getMessage().contains("d4.tls.cfg"), e.getMessage());
    }

    @Test
    void escapeDoublesBackslashesAndProtectsLeadingBlank() {
        assertEquals("a\\\\b", ImageWriter.escape("a\\b"));
        assertEquals("\\  x ", ImageWriter.escape("  x "));
        assertEquals("plain", ImageWriter.escape("plain"));
        assertEquals("", ImageWriter.escape(""));
    }

    private List<String> list(String folder) throws IOException {
        try (Stream<Path> files = Files.list(image.resolve(folder))) {
            String[] names = files.map(p -> p.getFileName().toString()).toArray(String[]::new);
            Arrays.sort(names);
            return List.of(names);
        }
    }
}
