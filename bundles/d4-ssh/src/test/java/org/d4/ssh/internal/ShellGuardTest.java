// SPDX-License-Identifier: Apache-2.0
package org.d4.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShellGuardTest {
    @Test
    void linesThatWouldStopTheApplianceAreRefused() {
        for (String line : new String[] {"gosh", "gosh -c echo", "sh x", "gogo:gosh --login", "echo a; gosh", "system:exit 0",
                "addcommand system (loadclass java.lang.System)", "stop 0", "felix:stop 0", "uninstall 0", "update 0", "(stop 0)", "shutdown"}) {
            assertTrue(ShellGuard.refusal(line).isPresent(), line);
        }
    }

    @Test
    void operatorCommandsRun() {
        for (String line : new String[] {"d4:sensors", "queue-create -m 50 8", "stop 42", "lb", "d4:stats -d 2026-01-01", "echo shell",
                "d4:types add 0"}) {
            assertFalse(ShellGuard.refusal(line).isPresent(), line);
        }
    }

    @Test
    void sessionWordsAndErrorLines() {
        assertTrue(GogoSession.isExit("exit 0"));
        assertTrue(GogoSession.isExit(" logout"));
        assertFalse(GogoSession.isExit("exits"));
        assertTrue(GogoSession.isPasswd("d4:passwd a b"));
        assertFalse(GogoSession.isPasswd("d4:sensors"));
        assertEquals("sensors: wrong arguments (see 'help sensors')",
                GogoSession.oneLine(new IllegalArgumentException("Cannot coerce sensors(Token) to any of [()]")));
        assertEquals("first", GogoSession.oneLine(new IllegalStateException("first\nsecond")));
        assertEquals("NullPointerException", GogoSession.oneLine(new NullPointerException()));
    }
}
