// SPDX-License-Identifier: Apache-2.0
package org.d4.image;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Checks that bundles resolve: every mandatory {@code Import-Package} and
 * {@code Require-Capability} (osgi.ee, osgi.extender, ...) is met by an installed bundle or by the
 * system bundle. It asks the Felix framework the images boot, so the system bundle's exports are
 * exactly the runtime's for this Java version. The framework is only initialised, never started:
 * no bundle code runs, and its cache lives in a throw-away folder.
 */
final class ResolutionCheck implements AutoCloseable {
    private static final long REFRESH_TIMEOUT_S = 30;

    private final Framework framework;
    private final Path work;

    /**
     * @param frameworkProperties the image's own framework properties that change what resolves
     *                            ({@code org.osgi.framework.system.packages.extra}, ...)
     * @param work                a folder for the framework's cache, deleted by {@link #close()}
     */
    ResolutionCheck(Map<String, String> frameworkProperties, Path work) throws IOException {
        this.work = work;
        Map<String, String> config = new HashMap<>(frameworkProperties);
        config.put(Constants.FRAMEWORK_STORAGE, work.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // no JVM-wide URL handler factory inside the build's JVM; the reasons come back as exceptions, not logs
        config.put("felix.service.urlhandlers", "false");
        config.put("felix.log.level", "0");
        framework = new FrameworkFactory().newFramework(config);
        try {
            framework.init();
        } catch (BundleException e) {
            throw new IOException("cannot start the resolution check's framework: " + e.getMessage(), e);
        }
    }

    /**
     * The properties of an image's {@code etc/config.properties} that decide what resolves: those
     * of the {@code org.osgi.framework.} namespace, less the cache location and start levels.
     */
    static Map<String, String> frameworkProperties(Path configProperties) throws IOException {
        Properties all = new Properties();
        try (Reader in = Files.newBufferedReader(configProperties)) {
            all.load(in);
        }
        Map<String, String> result = new HashMap<>();
        for (String key : all.stringPropertyNames()) {
            if (key.startsWith("org.osgi.framework.") && !key.startsWith(Constants.FRAMEWORK_STORAGE)
                    && !key.startsWith("org.osgi.framework.startlevel")) {
                result.put(key, all.getProperty(key));
            }
        }
        return result;
    }

    /** Installs the bundles for good and resolves them: one line per bundle that does not resolve, with the framework's reason. */
    List<String> install(List<Path> jars) throws IOException {
        return problems(installAndResolve(jars));
    }

    /**
     * The same for bundles deployed on top of those installed, which are then removed again, so
     * the next call sees only what {@link #install} put there.
     */
    List<String> tryOn(List<Path> jars) throws IOException {
        Map<Bundle, Path> added = installAndResolve(jars);
        List<String> problems = problems(added);
        try {
            for (Bundle b : added.keySet()) {
                b.uninstall();
            }
        } catch (BundleException e) {
            throw new IOException("cannot remove " + jars + ": " + e.getMessage(), e);
        }
        refresh(added.keySet());
        return problems;
    }

    private Map<Bundle, Path> installAndResolve(List<Path> jars) throws IOException {
        Map<Bundle, Path> installed = new LinkedHashMap<>();
        for (Path jar : jars) {
            try {
                // by reference: resolving reads the manifests only, nothing is copied into the cache
                installed.put(framework.getBundleContext().installBundle("reference:" + jar.toUri()), jar);
            } catch (BundleException e) {
                throw new IOException(jar.getFileName() + " cannot be installed: " + e.getMessage(), e);
            }
        }
        framework.adapt(FrameworkWiring.class).resolveBundles(installed.keySet());
        return installed;
    }

    private static List<String> problems(Map<Bundle, Path> bundles) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Bundle, Path> b : bundles.entrySet()) {
            if (b.getKey().getState() == Bundle.INSTALLED) {
                problems.add(b.getValue().getFileName() + ": " + reason(b.getKey()));
            }
        }
        problems.sort(Comparator.naturalOrder());
        return problems;
    }

    /** Felix tells the unmet requirement only when a class load asks it to resolve one bundle. */
    private static String reason(Bundle bundle) {
        try {
            bundle.loadClass("java.lang.Object");
            return "not resolved";
        } catch (ClassNotFoundException e) {
            return e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        }
    }

    /** Drops the uninstalled bundles' exports, which otherwise stay wired until a refresh. */
    private void refresh(Collection<Bundle> removed) throws IOException {
        CountDownLatch done = new CountDownLatch(1);
        framework.adapt(FrameworkWiring.class).refreshBundles(removed, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        try {
            if (!done.await(REFRESH_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IOException("the resolution check's framework did not refresh within " + REFRESH_TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            framework.stop();
            framework.waitForStop(TimeUnit.SECONDS.toMillis(REFRESH_TIMEOUT_S));
        } catch (BundleException e) {
            throw new IOException("cannot stop the resolution check's framework: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ImageWriter.deleteRecursively(work);
        }
    }
}
