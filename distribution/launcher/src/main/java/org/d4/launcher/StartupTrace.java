// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;

/**
 * With {@code -Dd4.startup.trace=true} (in {@code D4_OPTS}), prints where a start spends its time: each
 * bundle's start (activator and the DS components activated with it) and each service registration,
 * in milliseconds since launch, with the thread it ran on. A component's activation shows as the gap
 * before its service's line; a component without a service shows in its bundle's start.
 */
final class StartupTrace {
    static final String PROPERTY = "d4.startup.trace";

    private final Instant launched;
    private final PrintStream out;
    private final Map<Long, Long> starting = new ConcurrentHashMap<>();

    StartupTrace(Instant launched, PrintStream out) {
        this.launched = launched;
        this.out = out;
    }

    void attach(BundleContext context) {
        context.addBundleListener((SynchronousBundleListener) event -> {
            long id = event.getBundle().getBundleId();
            if (event.getType() == BundleEvent.STARTING) {
                starting.put(id, System.nanoTime());
            } else if (event.getType() == BundleEvent.STARTED) {
                Long began = starting.remove(id);
                long took = began == null ? 0 : (System.nanoTime() - began) / 1_000_000;
                line("bundle " + event.getBundle().getSymbolicName() + " started, took " + took + " ms");
            }
        });
        context.addServiceListener(event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                line("service " + describe(event.getServiceReference()));
            }
        });
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED || event.getType() == FrameworkEvent.STARTED) {
                line(event.getType() == FrameworkEvent.STARTED ? "framework started" : "start level reached");
            }
        });
    }

    void line(String what) {
        long ms = Duration.between(launched, Instant.now()).toMillis();
        out.println("d4-trace +" + ms + " ms [" + Thread.currentThread().getName() + "] " + what);
    }

    private static String describe(ServiceReference<?> ref) {
        Object component = ref.getProperty("component.name");
        Object classes = ref.getProperty("objectClass");
        String names = classes instanceof String[] list ? String.join(",", list) : String.valueOf(classes);
        return component == null ? names : names + " (component " + component + ")";
    }
}
