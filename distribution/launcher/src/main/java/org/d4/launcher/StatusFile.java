// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Keeps {@code data/status} current so that {@code bin/d4 status} can tell, without a network port,
 * whether the appliance is up: {@code ready} once the framework has started, every bundle is active
 * and every service named in {@code d4.ready.services} is registered; {@code degraded} when that
 * stops being true later.
 */
final class StatusFile {
    enum State { STARTING, READY, DEGRADED, STOPPING, STOPPED, FAILED }

    private final Path file;
    private final List<String> readyFilters;
    private final Instant jvmStart;
    private volatile boolean frameworkStarted;
    private volatile State state = State.STARTING;
    private Instant readyAt;
    private String lastWritten = "";

    StatusFile(Path file, List<String> readyFilters, Instant jvmStart) {
        this.file = file;
        this.readyFilters = List.copyOf(readyFilters);
        this.jvmStart = jvmStart;
    }

    void frameworkStarted() {
        frameworkStarted = true;
    }

    State state() {
        return state;
    }

    Duration startupTime() {
        return readyAt == null ? null : Duration.between(jvmStart, readyAt);
    }

    /** Re-evaluates readiness from the live framework and rewrites the file if anything changed. */
    synchronized void refresh(BundleContext context) {
        if (state == State.STOPPING || state == State.STOPPED || state == State.FAILED) {
            return;
        }
        List<String> inactive = new ArrayList<>();
        int total = 0;
        for (Bundle b : context.getBundles()) {
            total++;
            boolean fragment = (b.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            boolean ok = fragment ? b.getState() == Bundle.RESOLVED : b.getState() == Bundle.ACTIVE;
            if (!ok) {
                inactive.add(b.getSymbolicName() + "(" + stateName(b.getState()) + ")");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String filter : readyFilters) {
            try {
                ServiceReference<?>[] refs = context.getAllServiceReferences(null, filter);
                if (refs == null) {
                    missing.add(filter);
                }
            } catch (InvalidSyntaxException e) {
                missing.add(filter + " (invalid filter)");
            }
        }
        boolean healthy = frameworkStarted && inactive.isEmpty() && missing.isEmpty();
        if (healthy) {
            if (readyAt == null) {
                readyAt = Instant.now();
            }
            state = State.READY;
        } else if (state == State.READY) {
            state = State.DEGRADED;
        }
        StringBuilder text = new StringBuilder();
        text.append("state=").append(state.name().toLowerCase(java.util.Locale.ROOT)).append('\n');
        text.append("pid=").append(ProcessHandle.current().pid()).append('\n');
        text.append("bundles=").append(total).append('\n');
        text.append("bundles.inactive=").append(String.join(" ", inactive)).append('\n');
        text.append("services.missing=").append(String.join(" ", missing)).append('\n');
        if (readyAt != null) {
            text.append("ready.ms=").append(startupTime().toMillis()).append('\n');
        }
        write(text.toString());
    }

    synchronized void finalState(State finalState) {
        state = finalState;
        write("state=" + finalState.name().toLowerCase(java.util.Locale.ROOT) + "\npid=" + ProcessHandle.current().pid() + "\n");
    }

    private void write(String text) {
        if (text.equals(lastWritten)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            lastWritten = text;
        } catch (IOException e) {
            System.err.println("d4: cannot write " + file + ": " + e.getMessage());
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "uninstalled";
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> String.valueOf(state);
        };
    }
}
