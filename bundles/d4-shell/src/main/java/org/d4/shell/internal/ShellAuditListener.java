// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.d4.api.audit.AuditEntry;
import org.d4.api.audit.AuditLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Records every command line run in a Gogo session in the audit log: channel {@code ssh} with the
 * logged-in user for the remote shell (the session variables {@code d4.channel}, {@code d4.user},
 * {@code d4.remote}), channel {@code shell} with the operating system user for the console of
 * {@code bin/d4 run}. Scripts (the profile, run as one multi-line text) are not typed commands and
 * are left out. Arguments of {@code passwd} and {@code user-add} are passwords and are not recorded.
 */
@Component
public final class ShellAuditListener implements CommandSessionListener {
    private final AuditLog audit;

    @Activate
    public ShellAuditListener(@Reference AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence commandline) {
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Exception exception) {
        record(session, commandline, false, exception.getMessage());
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Object result) {
        record(session, commandline, true, "");
    }

    private void record(CommandSession session, CharSequence commandline, boolean success, String error) {
        String line = commandline.toString().strip();
        if (line.isEmpty() || line.indexOf('\n') >= 0) {
            return;
        }
        Object channel = session.get("d4.channel");
        Object user = session.get("d4.user");
        Object remote = session.get("d4.remote");
        audit.record(AuditEntry.of(user == null ? System.getProperty("user.name", "console") : user.toString(), channel == null ? "shell" : channel.toString(),
                remote == null ? "" : remote.toString(), "shell.command", withoutSecrets(line), success, error == null ? "" : error));
    }

    /** The line as recorded: what follows the user name of passwd, user-add and useradd is a password. */
    static String withoutSecrets(String line) {
        String[] words = line.split("\\s+");
        String command = words[0].startsWith("d4:") ? words[0].substring(3) : words[0];
        return switch (command) {
            case "passwd" -> words[0] + " ***";
            case "user-add", "useradd" -> words.length > 1 ? words[0] + " " + words[1] + " ***" : words[0];
            default -> line;
        };
    }
}
