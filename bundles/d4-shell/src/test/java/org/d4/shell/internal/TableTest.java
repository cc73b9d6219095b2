// SPDX-License-Identifier: Apache-2.0
package org.d4.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.UUID;
import org.d4.api.queue.QueueException;
import org.d4.api.registry.RegistryException;
import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsAlignToTheirWidestCell() {
        String text = new Table("NAME", "N").row("a", 1).row("longer name", 22).row(null, "x\ty").toString();
        assertEquals("NAME         N\na            1\nlonger name  22\n-            x y\n", text);
        assertEquals("A  B\n(none)\n", new Table("A", "B").toString());
        assertTrue(new Table("X").row("z".repeat(100)).toString().contains("z".repeat(57) + "..."), "long cells are cut");
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
    }

    @Test
    void notesFollowTheRowsUncut() {
        String note = "export-tcp: sink=tcp 127.0.0.1:9000 connected=true written=70 failures=" + "9".repeat(60);
        String text = new Table("NAME", "N").row("a", 1).note(note).note(null).toString();
        assertEquals("NAME  N\na     1\n" + note + "\n", text);
    }

    @Test
    void argumentsAreCheckedWithOneLineErrors() {
        UUID u = UUID.randomUUID();
        assertEquals(u, CommandArguments.uuid(u.toString()));
        assertEquals("invalid UUID: nope", assertThrows(IllegalArgumentException.class, () -> CommandArguments.uuid("nope")).getMessage());
        assertEquals(8, CommandArguments.selector("8").type());
        assertEquals("ja3-jl", CommandArguments.selector("ja3-jl").key());
        assertThrows(IllegalArgumentException.class, () -> CommandArguments.selector("0"));
        assertThrows(IllegalArgumentException.class, () -> CommandArguments.selector("bad name!"));
        assertEquals(Set.of(u), CommandArguments.sensorSet(u + ","));
        assertThrows(IllegalArgumentException.class, () -> CommandArguments.sensorSet("x,y"));
        assertThrows(IllegalArgumentException.class, () -> CommandArguments.address("example.com"), "no DNS lookups");
        assertEquals("192.0.2.1", CommandArguments.address("192.0.2.1").getHostAddress());
        assertThrows(IllegalArgumentException.class, () -> CommandArguments.number("one"));
    }

    @Test
    void serviceRefusalsBecomeTheirMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandAnswers.run(() -> {
            throw new RegistryException(RegistryException.Problem.NOT_FOUND, "no such sensor: x");
        }));
        assertEquals("no such sensor: x", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CommandAnswers.run(() -> {
            throw QueueException.notFound(new UUID(0, 1));
        }));
        assertEquals("no such queue: 00000000-0000-0000-0000-000000000001", e.getMessage());
    }
}
