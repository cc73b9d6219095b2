// SPDX-License-Identifier: Apache-2.0
package org.d4.analyzer.backscatter.internal;

import java.util.Map;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code backscatter:attacks}, {@code backscatter:ongoing}, {@code backscatter:scanners} and
 * {@code backscatter:stats} in the Gogo shell. The command properties are written out (not
 * {@code @GogoCommand}) so the analyzer resolves in an image without the shell.
 */
@Component(service = BackscatterCommands.class, property = {"osgi.command.scope=backscatter", "osgi.command.function=attacks",
        "osgi.command.function=ongoing", "osgi.command.function=scanners", "osgi.command.function=stats"})
public final class BackscatterCommands {
    private final Backscatter backscatter;

    @Activate
    public BackscatterCommands(@Reference Backscatter backscatter) {
        this.backscatter = backscatter;
    }

    @Descriptor("finished attacks, oldest first, one JSON object a line")
    public String attacks(
            @Descriptor("only of this victim address or network") @Parameter(names = {"-v", "--victim"}, absentValue = "") String victim,
            @Descriptor("at most this many (default 100)") @Parameter(names = {"-n", "--limit"}, absentValue = "100") int limit) {
        Map<String, String[]> p = new java.util.HashMap<>();
        p.put("limit", new String[] {Integer.toString(limit)});
        if (!victim.isBlank()) {
            p.put("victim", new String[] {victim});
        }
        try {
            AttackStore.Page page = backscatter.attacks(QueryParameters.attacks(p));
            String lines = page.attacks().stream().map(e -> backscatter.json(e.getKey(), e.getValue())).collect(Collectors.joining("\n"));
            return page.next() == 0 ? lines : lines + "\n(more after attack " + page.next() + ")";
        } catch (BadRequest e) {
            return "error: " + e.getMessage();
        }
    }

    @Descriptor("attacks going on now, most packets first")
    public String ongoing() {
        return backscatter.ongoing().stream().map(a -> backscatter.json(0, a)).collect(Collectors.joining("\n"));
    }

    @Descriptor("the sources that probed the most telescope addresses")
    public String scanners(@Descriptor("at most this many (default 20)") @Parameter(names = {"-n", "--limit"}, absentValue = "20") int limit) {
        return backscatter.scanners(Math.max(1, limit)).stream().map(BackscatterServlet::scanner).collect(Collectors.joining("\n"));
    }

    @Descriptor("counters: packets, backscatter, scans, what was left out or dropped, attacks")
    public String stats() {
        return "monitored: " + backscatter.monitoredPrefixes() + "\n" + backscatter.counters().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n"));
    }
}
