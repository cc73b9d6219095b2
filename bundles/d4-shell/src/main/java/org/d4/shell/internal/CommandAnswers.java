// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.d4.api.queue.QueueException;
import org.d4.api.registry.RegistryException;
import org.d4.api.security.UserException;

/** How every d4 command answers: text, or one line naming what was refused. */
final class CommandAnswers {
    private CommandAnswers() {
    }

    /** Runs a command; what the services refuse becomes one line (Gogo prints the message, no stack trace). */
    static String run(Supplier<String> command) {
        try {
            return command.get();
        } catch (RegistryException | QueueException | UserException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid day (YYYY-MM-DD): " + e.getParsedString());
        }
    }
}
