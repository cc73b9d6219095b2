// SPDX-License-Identifier: Apache-2.0
package org.d4.health.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.stream.Stream;
import org.d4.api.health.HealthReport;
import org.d4.api.health.Problem;
import org.d4.api.health.Problem.Kind;
import org.d4.common.ApplianceDirs;
import org.d4.common.DaemonThreads;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.log.LogReaderService;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers "what is wrong right now" from live state (bundles, components, the deploy folder) plus
 * the file-install messages, which are the only place a corrupt jar or an unreadable
 * configuration file is reported.
 */
@Component(configurationPid = "d4.health")
@Designate(ocd = ApplianceHealth.Config.class)
public final class ApplianceHealth implements HealthReport {
    private static final Logger LOG = LoggerFactory.getLogger(ApplianceHealth.class);

    @ObjectClassDefinition(name = "D4 health", description = "How often the appliance looks for problems to log")
    @interface Config {
        @AttributeDefinition(name = "Check interval (seconds)", min = "1")
        int check_interval_s() default 2;
    }

    /** A file this young may simply not have been picked up yet. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final Path deployDir;
    private final Clock clock;
    private final FileInstallMessages messages = new FileInstallMessages();
    private final Instant startedAt;

    @Activate
    public ApplianceHealth(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
        this.deployDir = ApplianceDirs.fromProperty(context.getProperty(ApplianceDirs.HOME_PROPERTY)).deploy();
        this.clock = Clock.systemUTC();
        this.startedAt = clock.instant();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindLogReader(LogReaderService reader) {
        reader.addLogListener(messages);
    }

    void unbindLogReader(LogReaderService reader) {
        reader.removeLogListener(messages);
    }

    private ScheduledExecutorService checker;
    private Map<String, Problem> logged = Map.of();

    @Activate
    void startChecking(Config config) {
        checker = DaemonThreads.scheduler("d4-health");
        checker.scheduleWithFixedDelay(this::logChanges, config.check_interval_s(), config.check_interval_s(), TimeUnit.SECONDS);
    }

    @Deactivate
    void close() {
        checker.shutdownNow();
        messages.clear();
    }

    /** Each problem is logged once when it appears and once when it is gone, so the log tells the whole story. */
    private void logChanges() {
        try {
            Map<String, Problem> now = new LinkedHashMap<>();
            for (Problem p : problems()) {
                now.put(p.kind() + " " + p.subject() + " " + p.message(), p);
            }
            now.forEach((key, p) -> {
                if (!logged.containsKey(key)) {
                    LOG.warn("Problem with {} {}: {}", p.kind().name().toLowerCase(Locale.ROOT), p.subject(), p.message());
                }
            });
            logged.forEach((key, p) -> {
                if (!now.containsKey(key)) {
                    LOG.info("Resolved: {} {} ({})", p.kind().name().toLowerCase(Locale.ROOT), p.subject(), p.message());
                }
            });
            logged = now;
        } catch (RuntimeException e) {
            LOG.warn("health check failed", e);
        }
    }

    @Override
    public List<Problem> problems() {
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>();
        Set<Path> installedFromDeploy = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            deployedPath(bundle.getLocation()).ifPresent(installedFromDeploy::add);
            String problem = stateProblem(bundle);
            if (problem != null) {
                problems.add(new Problem(Kind.BUNDLE, name(bundle), problem, startedAt));
            }
        }
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(description)) {
                String problem = componentProblem(c);
                if (problem != null) {
                    problems.add(new Problem(Kind.COMPONENT, description.name, problem, startedAt));
                }
            }
        }
        problems.addAll(deployFolderProblems(installedFromDeploy, now));
        problems.addAll(messages.configurationProblems());
        problems.sort(Comparator.comparing(Problem::since));
        return List.copyOf(problems);
    }

    private List<Problem> deployFolderProblems(Set<Path> installed, Instant now) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(deployDir)) {
            return problems;
        }
        try (Stream<Path> files = Files.list(deployDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String fileName = file.getFileName().toString();
                if (!fileName.endsWith(".jar") || installed.contains(file.toAbsolutePath().normalize())) {
                    continue;
                }
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                if (Duration.between(modified, now).compareTo(SETTLE) < 0) {
                    continue;
                }
                String why = JarDiagnosis.problemWith(file)
                        .or(() -> messages.lastMessageAbout(fileName))
                        .orElse("not installed (see logs/d4.log)");
                problems.add(new Problem(Kind.DEPLOYMENT, fileName, why, modified));
            }
        } catch (IOException e) {
            problems.add(new Problem(Kind.DEPLOYMENT, deployDir.toString(), "cannot read the deploy folder: " + e.getMessage(), now));
        }
        return problems;
    }

    static String stateProblem(Bundle bundle) {
        boolean fragment = (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        int state = bundle.getState();
        if (fragment) {
            return state == Bundle.INSTALLED ? "fragment not resolved (missing host or requirement)" : null;
        }
        return switch (state) {
            case Bundle.ACTIVE -> null;
            case Bundle.INSTALLED -> "installed but not resolved: a requirement is missing";
            case Bundle.RESOLVED -> "resolved but not started";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "state " + state;
        };
    }

    static String componentProblem(ComponentConfigurationDTO c) {
        return switch (c.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "activation failed: " + (c.failure == null ? "unknown reason" : firstLine(c.failure));
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "waiting for " + Stream.of(c.unsatisfiedReferences)
                    .map(r -> r.name).reduce((a, b) -> a + ", " + b).orElse("a service");
            default -> null;
        };
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    private static String name(Bundle bundle) {
        return bundle.getSymbolicName() == null ? bundle.getLocation() : bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    private java.util.Optional<Path> deployedPath(String location) {
        try {
            String plain = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
            if (!plain.startsWith("file:")) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Path.of(URI.create(plain)).toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
