// SPDX-License-Identifier: Apache-2.0
package org.d4.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.d4.api.queue.QueueItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small pure pieces of the pages: chart JSON, redirects, addresses, generated passwords, previews. */
class PagePiecesTest {
    @Test
    void chartJsonCannotLeaveItsScriptElement() {
        StringBuilder out = new StringBuilder();
        ChartData.embed(out, "c", "line", "frames", List.of("11-30", "</script><b>"),
                List.of(new ChartData.Series("a\"b\\c'\n", new long[] {1, 2})));
        String json = out.substring(out.indexOf("{\"unit\""), out.lastIndexOf("</script>"));
        assertFalse(json.contains("<") || json.contains(">") || json.contains("'"), json);
        assertTrue(json.contains("\"a\\\"b\\\\c\\u0027\\u000a\""), json);
        assertTrue(json.contains("\"values\":[1,2]"), json);
    }

    @Test
    void aDayChartCarriesUtcMidnightsAndATableForPagesWithoutScript() {
        StringBuilder out = new StringBuilder();
        ChartData.embedDays(out, "d", "stack", "frames", List.of(LocalDate.of(2026, 12, 4), LocalDate.of(2026, 12, 5)),
                List.of(new ChartData.Series("<b>", new long[] {7, 12345}), new ChartData.Series("s2", new long[] {0, 3})));
        String page = out.toString();
        // date -u -d 2026-12-04 +%s; date -u -d 2026-12-05 +%s
        assertTrue(page.contains("\"times\":[1796342400,1796428800]"), page);
        String table = page.substring(page.indexOf("<noscript>"), page.indexOf("</noscript>"));
        assertTrue(table.contains("id='d-table'"), table);
        assertTrue(table.contains("<th class='num'>&lt;b&gt;</th><th class='num'>s2</th>"), table);
        assertTrue(table.contains("<tr><td>2026-12-04</td><td class='num'>7</td><td class='num'>0</td></tr>"), table);
        assertTrue(table.contains("<tr><td>2026-12-05</td><td class='num'>12,345</td><td class='num'>3</td></tr>"), table);
    }

    @Test
    void aCategoryChartHasNoTimes() {
        StringBuilder out = new StringBuilder();
        ChartData.embed(out, "h", "hbar", "frames", List.of("3 generic log lines"), List.of(new ChartData.Series("frames", new long[] {5})));
        assertFalse(out.toString().contains("\"times\""), out.toString());
        assertTrue(out.toString().contains("<thead><tr><th></th><th class='num'>frames</th></tr></thead>"), out.toString());
    }

    @Test
    void typeNamesComeFromTheProtocolTable() {
        assertEquals("8 passivedns CSV", ChartData.typeName(8));
        assertEquals("type 99", ChartData.typeName(99));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example/x", "/elsewhere", "/system/console//evil.example", "/system/console/d4-login",
            "/system/console\\evil", ""})
    void aLoginOnlyRedirectsInsideTheConsole(String next) {
        assertEquals("/system/console/d4-dashboard", ConsoleSecurityProvider.safeNext(next));
    }

    @Test
    void aLoginRedirectCarriesNoHeaderBreaks() {
        assertEquals("/system/console/d4-dashboard", ConsoleSecurityProvider.safeNext("/system/console/d4-sensors\r\nSet-Cookie: x=y"));
        assertEquals("/system/console/d4-dashboard", ConsoleSecurityProvider.safeNext("/system/console/d4-sensors?q=a b"));
    }

    @Test
    void aLoginKeepsTheRequestedConsolePage() {
        assertEquals("/system/console/d4-sensors?uuid=x", ConsoleSecurityProvider.safeNext("/system/console/d4-sensors?uuid=x"));
        assertEquals("/system/console/d4-dashboard", ConsoleSecurityProvider.safeNext(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.org", "dead.beef", "1.2.3", "not an ip", "1.2.3.4.5", "localhost"})
    void onlyAddressLiteralsAreBlacklisted(String text) {
        assertThrows(IllegalArgumentException.class, () -> Form.parseAddress(text));
    }

    @Test
    void addressLiteralsParse() {
        assertEquals("192.0.2.7", Form.parseAddress("192.0.2.7").getHostAddress());
        assertEquals("2001:db8:0:0:0:0:0:1", Form.parseAddress("2001:db8::1").getHostAddress());
    }

    @Test
    void generatedPasswordsHaveEveryCharacterClass() {
        for (int i = 0; i < 200; i++) {
            String p = UsersPage.generatePassword();
            assertEquals(20, p.length());
            assertTrue(p.chars().anyMatch(Character::isUpperCase) && p.chars().anyMatch(Character::isLowerCase)
                    && p.chars().anyMatch(Character::isDigit) && p.chars().anyMatch(c -> !Character.isLetterOrDigit(c)), p);
        }
    }

    @Test
    void previewsShowTextAndNameBinary() {
        UUID sensor = UUID.randomUUID();
        assertEquals("a line", DeadLetterSection.preview(new QueueItem(1, sensor, 0, "a line".getBytes())));
        assertEquals("(4 B of binary data)", DeadLetterSection.preview(new QueueItem(1, sensor, 0, new byte[] {1, 2, 3, 0})));
        assertTrue(DeadLetterSection.preview(new QueueItem(1, sensor, 0, "x".repeat(1000).getBytes())).endsWith("… (1000 B)"));
    }

    @Test
    void timesReadAsAgo() {
        Instant now = Instant.parse("2026-12-01T12:00:00Z");
        assertEquals("5 s ago", Fmt.ago(now.minusSeconds(5), now));
        assertEquals("3 min ago", Fmt.ago(now.minusSeconds(200), now));
        assertEquals("2 h ago", Fmt.ago(now.minusSeconds(7300), now));
        assertEquals("2026-10-01 12:00:00Z", Fmt.ago(Instant.parse("2026-10-01T12:00:00Z"), now));
        assertEquals("1.5 KiB", Fmt.bytes(1536));
    }
}
