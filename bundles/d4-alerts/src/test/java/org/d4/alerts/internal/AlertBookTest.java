// SPDX-License-Identifier: Apache-2.0
package org.d4.alerts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.d4.api.alert.Alert;
import org.d4.api.alert.Alert.Kind;
import org.d4.api.alert.Alert.Severity;
import org.d4.storage.mapdb.internal.MapDbFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertBookTest {
    static final Set<Kind> ALL = EnumSet.allOf(Kind.class);
    static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path dir;

    static Condition silent(String sensor) {
        return new Condition(Kind.SENSOR_SILENT, sensor, Severity.WARNING, "sensor " + sensor + " is silent");
    }

    @Test
    void aConditionIsRaisedOnceAndResolvedOnceAndActiveAlertsSurviveAReopen() throws Exception {
        Path file = dir.resolve("d4.db");
        try (MapDbFile store = new MapDbFile(file)) {
            AlertBook book = new AlertBook(store, 1000);
            List<Alert> first = book.reconcile(List.of(silent("a"), silent("b"), silent("a")), ALL, T0);
            assertEquals(2, first.size(), "a duplicate condition is one alert");
            assertTrue(first.stream().allMatch(Alert::active));
            assertEquals(List.of(), book.reconcile(List.of(silent("a"), silent("b")), ALL, T0.plusSeconds(30)), "lasting: nothing new");
            List<Alert> second = book.reconcile(List.of(silent("a")), ALL, T0.plusSeconds(60));
            assertEquals(1, second.size());
            assertEquals("b", second.get(0).subject());
            assertEquals(T0.plusSeconds(60), second.get(0).resolved().orElseThrow());
            assertEquals(List.of("a"), book.active().stream().map(Alert::subject).toList());
        }
        try (MapDbFile store = new MapDbFile(file)) {
            AlertBook book = new AlertBook(store, 1000);
            assertEquals(List.of("a"), book.active().stream().map(Alert::subject).toList(), "active after a restart");
            assertEquals(List.of(), book.reconcile(List.of(silent("a")), ALL, T0.plusSeconds(90)), "not raised again");
            List<Alert> history = book.history(Long.MAX_VALUE, 10);
            assertEquals(2, history.size());
            assertFalse(history.stream().filter(h -> h.subject().equals("b")).findFirst().orElseThrow().active(), "the resolution was kept");
        }
    }

    @Test
    void anAlertWhoseKindWasNotCheckedStaysAsItIs() throws Exception {
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            AlertBook book = new AlertBook(store, 1000);
            book.reconcile(List.of(new Condition(Kind.ANALYZER_FAILING, "pdns", Severity.WARNING, "fails")), ALL, T0);
            assertEquals(List.of(), book.reconcile(List.of(), EnumSet.of(Kind.SENSOR_SILENT), T0.plusSeconds(30)),
                    "the analyzer host was away: no news about analyzers");
            assertEquals(1, book.active().size());
            assertEquals(1, book.reconcile(List.of(), ALL, T0.plusSeconds(60)).size());
            assertTrue(book.active().isEmpty());
        }
    }

    @Test
    void theHistoryIsBoundedAndPagedNewestFirst() throws Exception {
        try (MapDbFile store = new MapDbFile(dir.resolve("d4.db"))) {
            AlertBook book = new AlertBook(store, 100);
            for (int i = 0; i < 250; i++) {
                book.reconcile(List.of(silent("s" + i)), ALL, T0.plusSeconds(2L * i));
                book.reconcile(List.of(), ALL, T0.plusSeconds(2L * i + 1));
            }
            List<Alert> newest = book.history(Long.MAX_VALUE, 1000);
            assertEquals(100, newest.size(), "bounded");
            assertEquals(250, newest.get(0).sequence());
            assertEquals("s249", newest.get(0).subject());
            assertEquals(151, newest.get(99).sequence());
            List<Alert> page = book.history(200, 10);
            assertEquals(199, page.get(0).sequence());
            assertEquals(10, page.size());
            assertTrue(book.history(151, 10).isEmpty(), "older ones are gone");
        }
    }
}
