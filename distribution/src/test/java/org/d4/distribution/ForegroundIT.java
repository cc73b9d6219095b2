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

            String noSystem = d4.shell("exit 0", Duration.ofSeconds(20));
            assertTrue(noSystem.contains("Command not found"), "the console exposes no System.exit: " + noSystem);
            assertTrue(d4.process().isAlive());

            assertEquals(0, d4.endInput(Duration.ofSeconds(20)), "end of input (Ctrl-D) stops the appliance cleanly");
            assertFalse(d4.process().isAlive());
        }
    }
}
