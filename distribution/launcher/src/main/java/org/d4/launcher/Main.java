// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Boots the appliance image: Felix with the bundles of {@code etc/startup.properties} at their start
 * levels. The framework cache is rebuilt at every start (the image's {@code bundle/} folder is the
 * truth; configuration lives in {@code data/config}), bundles are installed by reference, and a
 * SIGTERM stops the framework cleanly before the JVM exits.
 */
public final class Main {
    static final String READY_SERVICES = "d4.ready.services";
    static final String STOP_TIMEOUT = "d4.stop.timeout.s";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // bin/d4 passes the moment it was invoked, so "ready in" covers what the operator waits for
        Long launched = Long.getLong("d4.launch.epoch.ms");
        Instant jvmStart = launched != null ? Instant.ofEpochMilli(launched)
                : ProcessHandle.current().info().startInstant().orElse(Instant.now());
        Path home = Path.of(System.getProperty("d4.home", ".")).toAbsolutePath().normalize();
        Map<String, String> props;
        List<StartupList.Entry> boot;
        try {
            props = LaunchProperties.load(home.resolve("etc/config.properties"), home, System.getProperties(), System::getenv);
            boot = StartupList.load(home.resolve("etc/startup.properties"), home);
        } catch (Exception e) {
            System.err.println("d4: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        protectDataFolder(home.resolve("data"));
        StatusFile status = new StatusFile(home.resolve("data/status"), filters(props.get(READY_SERVICES)), jvmStart);
        long stopTimeoutMs = TimeUnit.SECONDS.toMillis(Long.parseLong(props.getOrDefault(STOP_TIMEOUT, "20")));

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        Framework framework = factory.newFramework(props);
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "d4-status");
            t.setDaemon(true);
            return t;
        });
        try {
            StartupTrace trace = Boolean.getBoolean(StartupTrace.PROPERTY) ? new StartupTrace(jvmStart, System.out) : null;
            framework.init();
            BundleContext context = framework.getBundleContext();
            if (trace != null) {
                trace.line("framework initialised");
                trace.attach(context);
            }
            install(context, boot);
            if (trace != null) {
                trace.line(boot.size() + " bundles installed");
            }
            // every check runs on the one status thread; "ready" is announced for the start only, not again
            // when a stopped bundle comes back (the line would land in the middle of the console's output)
            AtomicBoolean announced = new AtomicBoolean();
            Runnable check = () -> {
                status.refresh(context);
                if (status.state() == StatusFile.State.READY && announced.compareAndSet(false, true)) {
                    System.out.println("d4: ready in " + status.startupTime().toMillis() + " ms");
                }
            };
            // a burst of bundle events at boot makes one check, not one per event
            AtomicBoolean queued = new AtomicBoolean();
            Runnable soon = () -> {
                if (queued.compareAndSet(false, true)) {
                    watcher.execute(() -> {
                        queued.set(false);
                        check.run();
                    });
                }
            };
            context.addFrameworkListener(event -> {
                if (event.getType() == FrameworkEvent.STARTED) {
                    status.frameworkStarted();
                    soon.run();
                }
            });
            context.addBundleListener(event -> soon.run());
            watchReadyServices(context, filters(props.get(READY_SERVICES)), soon);
            watcher.scheduleWithFixedDelay(check, 250, 250, TimeUnit.MILLISECONDS);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework, status, stopTimeoutMs), "d4-shutdown"));
            framework.start();
        } catch (BundleException | RuntimeException e) {
            System.err.println("d4: framework failed to start: " + e);
            status.finalState(StatusFile.State.FAILED);
            System.exit(1);
        }
        FrameworkEvent end = framework.waitForStop(0);
        watcher.shutdownNow();
        status.finalState(StatusFile.State.STOPPED);
        System.exit(end.getType() == FrameworkEvent.ERROR ? 1 : 0);
    }

    private static void install(BundleContext context, List<StartupList.Entry> boot) throws BundleException {
        for (StartupList.Entry entry : boot) {
            Bundle bundle = context.installBundle("reference:" + entry.jar().toUri());
            bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            if (!fragment) {
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
    }

    /** The last ready service often comes after the last bundle event: notice it then, not at the next poll. */
    private static void watchReadyServices(BundleContext context, List<String> readyFilters, Runnable refresh) {
        if (readyFilters.isEmpty()) {
            return;
        }
        try {
            context.addServiceListener(event -> refresh.run(), "(|" + String.join("", readyFilters) + ")");
        } catch (InvalidSyntaxException e) {
            // the status file names the filter that does not parse; the periodic check still runs
        }
    }

    private static void stop(Framework framework, StatusFile status, long timeoutMs) {
        if (framework.getState() != Bundle.ACTIVE && framework.getState() != Bundle.STARTING) {
            return;
        }
        status.finalState(StatusFile.State.STOPPING);
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(timeoutMs);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("d4: bundles did not stop within " + timeoutMs + " ms; exiting anyway");
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("d4: error while stopping: " + e);
        }
        status.finalState(StatusFile.State.STOPPED);
    }

    /** data/ holds keys, password hashes and the store: owner-only, whatever the umask or the archive said. */
    static void protectDataFolder(Path data) {
        try {
            java.nio.file.Files.createDirectories(data);
            if (java.nio.file.Files.getFileStore(data).supportsFileAttributeView("posix")) {
                java.nio.file.Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
        } catch (java.io.IOException e) {
            System.err.println("d4: cannot make " + data + " owner-only: " + e.getMessage());
        }
    }

    static List<String> filters(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split("\\s*;\\s*")).filter(s -> !s.isBlank()).toList();
    }
}
