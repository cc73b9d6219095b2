// SPDX-License-Identifier: Apache-2.0
package org.d4.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.d4.client.tlsf.TlsfCommand;
import org.junit.jupiter.api.Test;

/** The executable jar's main hands {@code tlsf} to its command. */
class MainTlsfTest {
    @Test
    void tlsfIsDispatchedToItsCommand() {
        assertEquals(0, Main.run(new String[] {"tlsf", "--help"}));
        assertEquals(TlsfCommand.BAD_OPTIONS, Main.run(new String[] {"tlsf", "-x"}));
        assertEquals(TlsfCommand.INPUT_FAILED, Main.run(new String[] {"tlsf", "-r", "../bundles/d4-fingerprint/README.md"}));
    }
}
