// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.d4.itest.Appliance;
import org.d4.itest.ForegroundAppliance;
import org.junit.jupiter.api.Test;

/** {@code bin/d4 run}: the Gogo console and the log on the terminal. */
class ForegroundIT {

    @Test
    void runGivesTheGogoConsoleAndLogsOnTheTerminal() throws Exception {
        try (ForegroundAppliance d4 = Appliance.fromImage(ServerImageIT.IMAGE).runInForeground()) {
            String bundles = d4.shell("lb", Duration.ofSeconds(20));
            assertTrue(bundles.contains("Apache Felix Declarative Services"), bundles);
            assertTrue(bundles.contains("D4 health"), bundles);
            assertTrue(d4.output().contains("INFO"), "log lines on the terminal");
            assertEquals(0, d4.appliance().d4("status", Duration.ofSeconds(10)).exitCode(), "status works for run mode too");

            String console = "/system/console/bundles";
            String webconsole = bundleId(d4.shell("lb -s", Duration.ofSeconds(20)), "d4-webconsole");
            d4.shell("stop " + webconsole, Duration.ofSeconds(20));
            int withoutLogin = d4.appliance().get(console, "admin:admin").statusCode();
            int withoutLoginRightPassword = d4.appliance().get(console, d4.appliance().adminCredentials()).statusCode();
            assertTrue(withoutLogin != 200 && withoutLoginRightPassword != 200,
                    "without the appliance login the console serves nobody (got " + withoutLogin + ", " + withoutLoginRightPassword + ")");
            d4.shell("start " + webconsole, Duration.ofSeconds(20));
            assertTrue(org.d4.itest.Commands.eventually(Duration.ofSeconds(10), () -> status(d4, console) == 200), "console back");
            assertEquals(401, d4.appliance().get(console, "admin:admin").statusCode());
            assertEquals(1, d4.output().split("d4: ready in ", -1).length - 1,
                    "the start is announced once, not again when a stopped bundle comes back:\n" + d4.output());

            String noSystem = d4.shell("exit 0", Duration.ofSeconds(20));
            assertTrue(noSystem.contains("Command not found"), "the console exposes no System.exit: " + noSystem);
            assertTrue(d4.process().isAlive());

            assertEquals(0, d4.endInput(Duration.ofSeconds(20)), "end of input (Ctrl-D) stops the appliance cleanly");
            assertFalse(d4.process().isAlive());
        }
    }

    /** The id column of {@code lb -s} for a symbolic name, e.g. "   31|Active     |   10|d4-webconsole (0.1.0)|...". */
    private static String bundleId(String listing, String symbolicName) {
        return listing.lines().filter(l -> l.contains("|" + symbolicName + " ")).map(l -> l.substring(0, l.indexOf('|')).strip())
                .findFirst().orElseThrow(() -> new AssertionError(symbolicName + " not in:\n" + listing));
    }

    private static int status(ForegroundAppliance d4, String path) {
        try {
            return d4.appliance().get(path, d4.appliance().adminCredentials()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
