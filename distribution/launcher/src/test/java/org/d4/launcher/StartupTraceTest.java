// SPDX-License-Identifier: Apache-2.0
package org.d4.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.launch.Framework;

class StartupTraceTest {
    @TempDir
    Path cache;

    @Test
    void tracesServicesAndTheFrameworkStartInMillisecondsSinceLaunch() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StartupTrace trace = new StartupTrace(Instant.now().minusSeconds(2), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        Framework framework = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage", cache.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        framework.init();
        try {
            trace.attach(framework.getBundleContext());
            framework.getBundleContext().registerService(Runnable.class, () -> { }, null);
            framework.start();
            long deadline = System.currentTimeMillis() + 5_000;
            while (!bytes.toString(StandardCharsets.UTF_8).contains("framework started") && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            framework.stop();
            framework.waitForStop(5_000);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        Matcher service = Pattern.compile("d4-trace \\+(\\d+) ms \\[[^]]+\\] service java.lang.Runnable\n").matcher(out);
        assertTrue(service.find(), out);
        assertTrue(Long.parseLong(service.group(1)) >= 2_000, "counted from the launch, not from the trace: " + out);
        assertTrue(out.contains("] framework started"), out);
    }
}
