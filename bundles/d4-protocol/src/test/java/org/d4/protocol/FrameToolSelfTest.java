// SPDX-License-Identifier: Apache-2.0
package org.d4.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Python tool's own tests (RFC 4231 vectors, a frame laid out by hand, bad input, send over real
 * TLS), run here so that the build checks the checker before the cross-check trusts it.
 */
class FrameToolSelfTest {

    @Test
    void theToolsOwnUnitTestsPass() {
        // about 15 s on an idle machine; the bound only catches a hang, on a machine shared with other builds
        PythonTool.Result r = PythonTool.python(PythonTool.tool().toAbsolutePath().getParent(), Duration.ofSeconds(600),
                "-B", "-m", "unittest", "-v");                 // -B: no __pycache__ in the source tree
        assertEquals(0, r.exitCode(), r.stdoutText() + r.stderr());
        assertTrue(r.stderr().matches("(?s).*\\nRan [1-9]\\d* tests? in .*\\nOK\\s*"), "all ran, none skipped:\n" + r.stderr());
    }
}
