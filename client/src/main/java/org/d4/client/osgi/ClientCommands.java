// SPDX-License-Identifier: Apache-2.0
package org.d4.client.osgi;

import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code d4:client}: the sensor streams of this appliance with their counters. */
@Component(service = ClientCommands.class, property = {"osgi.command.scope=d4", "osgi.command.function=client"})
public final class ClientCommands {
    // DYNAMIC: streams come and go with their configurations
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<SensorStream> streams = List.of();

    @Descriptor("list the sensor streams (configurations d4.client~...) with frames, bytes, reconnects and the last error")
    public String client() {
        List<SensorStream> now = streams;
        if (now.isEmpty()) {
            return "no sensor stream configured (factory PID d4.client)";
        }
        StringBuilder out = new StringBuilder(String.format("%-28s %-20s %12s %16s %10s  %s%n", "stream", "state", "frames", "bytes",
                "reconnects", "last error"));
        for (SensorStream s : now) {
            var c = s.counters();
            out.append(String.format("%-28s %-20s %12d %16d %10d  %s%n", s.name(), c.state(), c.frames(), c.bytes(), c.reconnects(),
                    c.lastError() == null ? "-" : c.lastError()));
            out.append("    ").append(s.describe()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
