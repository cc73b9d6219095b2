// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;

/** Every d4 command and every one of its parameters carries help text, as 'help <command>' shows it. */
class CommandHelpTest {
    static final Set<String> ISSUED = Set.of("sensors", "sensor", "pending", "approve", "reject", "delete", "kick", "blacklist", "types", "mode",
            "queues", "queuecreate", "queueedit", "queueempty", "queuedelete", "queuesample", "analyzers", "deadletters", "stats", "users",
            "useradd", "userdel", "token", "passwd", "keys", "audit");
    static final Class<?>[] COMMANDS = {SensorCommands.class, PolicyCommands.class, QueueCommands.class, AnalyzerCommands.class,
        StatsCommands.class, UserCommands.class, AccountCommands.class};

    @Test
    void everyCommandAndParameterIsDescribed() {
        Set<String> found = new TreeSet<>();
        for (Class<?> commands : COMMANDS) {
            for (Method m : commands.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                found.add(m.getName());
                Descriptor d = m.getAnnotation(Descriptor.class);
                assertNotNull(d, m.getName() + " has no @Descriptor");
                assertFalse(d.value().isBlank(), m.getName());
                for (Parameter p : m.getParameters()) {
                    if (p.getType() != CommandSession.class) {
                        assertNotNull(p.getAnnotation(Descriptor.class), m.getName() + ": parameter " + p.getName() + " has no @Descriptor");
                    }
                }
                assertTrue(m.getReturnType() == String.class, m.getName() + " returns its answer as text");
            }
        }
        assertTrue(found.containsAll(ISSUED), "missing: " + ISSUED.stream().filter(c -> !found.contains(c)).toList());
        assertTrue(Arrays.stream(COMMANDS).flatMap(c -> Arrays.stream(c.getDeclaredMethods())).noneMatch(m -> m.getName().contains("-")));
    }
}
