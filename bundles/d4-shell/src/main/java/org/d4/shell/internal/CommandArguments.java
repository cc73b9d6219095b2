// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.d4.api.queue.QueueSelector;
import org.d4.api.registry.SensorStatus;
import org.d4.common.Uuids;

/** The d4 commands' arguments, checked: each parser names what is wrong in a one-line refusal. */
final class CommandArguments {
    private CommandArguments() {
    }

    static String id(SensorStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static UUID uuid(String text) {
        return Uuids.parseCanonical(text).orElseThrow(() -> new IllegalArgumentException("invalid UUID: " + text));
    }

    static QueueSelector selector(String type) {
        try {
            if (type.matches("[0-9]{1,3}")) {
                return QueueSelector.of(Integer.parseInt(type));
            }
            return QueueSelector.extended(type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid queue type '" + type + "': " + e.getMessage());
        }
    }

    static Set<UUID> sensorSet(String commaSeparated) {
        Set<UUID> set = new LinkedHashSet<>();
        for (String s : commaSeparated.split("[,\\s]+")) {
            if (!s.isEmpty()) {
                set.add(uuid(s));
            }
        }
        return set;
    }

    static long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a dead letter id: " + text);
        }
    }

    /** An IPv4 or IPv6 literal; never a host name (no DNS lookups from the shell). */
    static InetAddress address(String text) {
        if (text == null || text.isEmpty() || text.length() > 45 || !text.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("invalid IP address: " + text);
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address: " + text);
        }
    }
}
