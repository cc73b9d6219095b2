// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.d4.api.alert.Alert;
import org.d4.api.alert.AlertService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code d4:alerts} in the Gogo shell: the active alerts, or with {@code -a} the history. The
 * command properties are written out (not {@code @GogoCommand}) so that the bundle resolves in an
 * image without the shell.
 */
@Component(service = AlertCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=alerts"})
public final class AlertCommands {
    private final AlertService alerts;

    @Activate
    public AlertCommands(@Reference AlertService alerts) {
        this.alerts = alerts;
    }

    @Descriptor("the active alerts (-a: the history, newest first; -c: check now first)")
    public String alerts(
            @Descriptor("the history, raised and resolved") @Parameter(names = {"-a", "--all"}, presentValue = "true", absentValue = "false")
            boolean all,
            @Descriptor("run the checks now") @Parameter(names = {"-c", "--check"}, presentValue = "true", absentValue = "false") boolean check,
            @Descriptor("at most this many (default 50)") @Parameter(names = {"-n", "--limit"}, absentValue = "50") int limit) {
        if (check) {
            alerts.checkNow();
        }
        List<Alert> list = all ? alerts.history(Long.MAX_VALUE, Math.max(1, limit)) : alerts.active();
        if (list.isEmpty()) {
            return all ? "no alerts yet" : "no active alerts";
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-6s %-8s %-21s %-9s %-22s %-22s %s%n", "#", "state", "kind", "severity", "raised", "resolved", "message"));
        for (Alert a : list.subList(0, Math.min(list.size(), Math.max(1, limit)))) {
            out.append(String.format("%-6d %-8s %-21s %-9s %-22s %-22s %s%n", a.sequence(), a.active() ? "active" : "resolved",
                    a.kind().topicName(), a.severity().lowerName(), a.raised().toString().substring(0, 19) + "Z",
                    a.resolved().map(r -> r.toString().substring(0, 19) + "Z").orElse("-"), a.message()));
        }
        return out.toString();
    }
}
