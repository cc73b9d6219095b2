// SPDX-License-Identifier: Apache-2.0
package org.d4.queue.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ForwardTargetsTest {
    @Test
    void typesBecomeTopicsInTheOrderWritten() {
        List<ForwardTargets.Target> t = ForwardTargets.parse(" 3, 8,254:ja3-jl ,", "d4.");
        assertEquals(List.of("d4.3", "d4.8", "d4.254.ja3-jl"), t.stream().map(ForwardTargets.Target::topic).toList());
        assertEquals(254, t.get(2).selector().type());
        assertEquals("ja3-jl", t.get(2).selector().extendedType().orElseThrow());
        assertTrue(t.get(0).selector().sensors().isEmpty(), "every sensor");
        assertEquals(List.of("cluster-a.1"), ForwardTargets.parse("1", "cluster-a.").stream().map(ForwardTargets.Target::topic).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " , ", "0", "255", "x", "3,3", "254", "254:", "254:bad type", "-1"})
    void badTypesAreRefusedWithTheirReason(String types) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForwardTargets.parse(types, "d4."));
        assertTrue(e.getMessage().startsWith("types"), e.getMessage());
    }

    @Test
    void aTopicPrefixIsATopicName() {
        assertThrows(IllegalArgumentException.class, () -> ForwardTargets.parse("3", "d4/"));
        assertThrows(IllegalArgumentException.class, () -> ForwardTargets.parse("3", "a b"));
    }

    @Test
    void clientSettingsAreKeyValuePairs() {
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "x required username=\"a\" password=\"b=c\";"),
                ForwardTargets.settings("security.protocol=SASL_SSL, sasl.jaas.config = x required username=\"a\" password=\"b=c\";"));
        assertEquals(Map.of(), ForwardTargets.settings(""));
        assertThrows(IllegalArgumentException.class, () -> ForwardTargets.settings("security.protocol"));
        assertThrows(IllegalArgumentException.class, () -> ForwardTargets.settings("=x"));
    }

    @Test
    void aClientNamesItsBrokersBesideTheOperatorsSettings() {
        assertEquals(Map.of("bootstrap.servers", "k1:9092,k2:9092", "security.protocol", "SSL"),
                ForwardTargets.clientSettings("k1:9092,k2:9092", "security.protocol=SSL"));
        assertEquals("bootstrap.servers is empty", assertThrows(IllegalArgumentException.class, () -> ForwardTargets.clientSettings(" ", "")).getMessage());
    }

    @Test
    void aTopicNamedInAConfigurationFollowsKafkasRule() {
        assertEquals("d4.dead-letters", ForwardTargets.topic("d4.dead-letters", "dead.letter.topic"));
        assertEquals("a_B.9", ForwardTargets.topic("a_B.9", "topic"));
        assertEquals("dead.letter.topic may hold letters, digits, '.', '_' and '-' only, not 'dead letters'",
                assertThrows(IllegalArgumentException.class, () -> ForwardTargets.topic("dead letters", "dead.letter.topic")).getMessage());
        for (String bad : new String[] {"", "d4/x", "d4:x", "ü", "x".repeat(201)}) {
            assertThrows(IllegalArgumentException.class, () -> ForwardTargets.topic(bad, "topic"), bad);
        }
    }

    @Test
    void aRefusedConfigurationSaysWhatItMeans() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ForwardTargetsTest.class);
        assertEquals("ok", ForwardTargets.checked(log, "d4.x", "nothing happens", () -> "ok"));
        assertEquals("d4.x: topic may hold letters, digits, '.', '_' and '-' only, not 'a b'; nothing happens",
                assertThrows(IllegalArgumentException.class, () -> ForwardTargets.checked(log, "d4.x", "nothing happens",
                        () -> ForwardTargets.topic("a b", "topic"))).getMessage());
    }
}
