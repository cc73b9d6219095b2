// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Builds an appliance image folder from feature descriptors. Each bundle is resolved exactly as
 * listed (no transitive dependencies): the features are the single list of what an image holds.
 */
@Mojo(name = "assemble", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class AssembleImageMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    @Component
    private RepositorySystem repositorySystem;

    /** Folder of the feature descriptors, {@code <name>.json}. */
    @Parameter(defaultValue = "${project.basedir}/../features")
    private File featuresDirectory;

    /** Features whose bundles boot with the image ({@code bundle/}). */
    @Parameter(required = true)
    private List<String> features;

    /** Features shipped in {@code analyzers/}, installed only when an operator copies them into {@code deploy/}. */
    @Parameter
    private List<String> optionalFeatures = new ArrayList<>();

    /** Plain jars for {@code lib/} (the launcher and the framework), as groupId:artifactId:version. */
    @Parameter
    private List<String> libraries = new ArrayList<>();

    /** Files copied into the image first ({@code bin/d4}, {@code etc/config.properties}, ...). */
    @Parameter(defaultValue = "${project.basedir}/src/main/image")
    private File template;

    @Parameter(required = true)
    private File image;

    @Override
    public void execute() throws MojoExecutionException {
        try {
            List<FeatureDescriptor> boot = read(features);
            List<FeatureDescriptor> optional = read(optionalFeatures);
            List<Path> libs = new ArrayList<>();
            for (String lib : libraries) {
                libs.add(resolve(Coordinates.parse(lib, project.getFile().toPath())));
            }
            new ImageWriter(image.toPath(), c -> resolve(c)).write(template.toPath(), boot, optional, libs);
            checkResolution(boot, optional);
            getLog().info("Image " + image + " assembled from features " + features
                    + (optional.isEmpty() ? "" : " (optional: " + optionalFeatures + ")"));
        } catch (IOException | UncheckedIOException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /**
     * The boot bundles must resolve among themselves, and each optional feature on top of them
     * alone (an operator deploys one analyzer without the others).
     */
    private void checkResolution(List<FeatureDescriptor> boot, List<FeatureDescriptor> optional)
            throws IOException, MojoExecutionException {
        long started = System.nanoTime();
        List<Path> bootJars = jars(boot, image.toPath().resolve("bundle"));
        List<String> problems = new ArrayList<>();
        try (ResolutionCheck check = new ResolutionCheck(ResolutionCheck.frameworkProperties(image.toPath().resolve("etc/config.properties")),
                Path.of(project.getBuild().getDirectory(), "resolution-check"))) {
            check.install(bootJars).forEach(p -> problems.add("image " + image.getName() + ", " + p));
            if (problems.isEmpty()) {
                for (FeatureDescriptor feature : optional) {
                    check.tryOn(jars(List.of(feature), image.toPath().resolve("analyzers")))
                            .forEach(p -> problems.add("feature " + feature.id() + " on image " + image.getName() + ", " + p));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MojoExecutionException("bundles that would not resolve in the image:\n  " + String.join("\n  ", problems));
        }
        getLog().info("Every bundle of " + image.getName() + " resolves" + (optional.isEmpty() ? "" : ", with each optional feature")
                + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
    }

    private static List<Path> jars(List<FeatureDescriptor> features, Path folder) {
        List<Path> result = new ArrayList<>();
        for (FeatureDescriptor feature : features) {
            for (FeatureDescriptor.Bundle b : feature.bundles()) {
                result.add(folder.resolve(b.coordinates().fileName()));
            }
        }
        return result;
    }

    private List<FeatureDescriptor> read(List<String> names) throws IOException {
        List<FeatureDescriptor> result = new ArrayList<>();
        for (String name : names) {
            result.add(FeatureDescriptor.read(featuresDirectory.toPath().resolve(name + ".json"), this::property));
        }
        return result;
    }

    private String property(String name) {
        if ("project.version".equals(name)) {
            return project.getVersion();
        }
        String value = session.getUserProperties().getProperty(name);
        return value != null ? value : project.getProperties().getProperty(name);
    }

    private Path resolve(Coordinates c) {
        DefaultArtifact artifact = new DefaultArtifact(c.groupId(), c.artifactId(), c.classifier(), c.type(), c.version());
        try {
            return repositorySystem.resolveArtifact(session.getRepositorySession(),
                    new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null)).getArtifact().getFile().toPath();
        } catch (ArtifactResolutionException e) {
            throw new UncheckedIOException(new IOException("cannot resolve " + c + ": " + e.getMessage(), e));
        }
    }
}
