// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.d4.itest.Appliance;
import org.d4.itest.Commands;
import org.d4.itest.TlsSensor;
import org.d4.protocol.FrameEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The D4 console pages in a real browser (Debian's headless chromium) against the real image: log
 * in, approve a pending sensor, create a queue, see a connected sensor on the dashboard, its charts
 * (values under the cursor, drag to zoom, double-click back), view every page, and the forced change
 * of a generated password. Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "Browser-Admin-Pass-1";
    static Appliance d4;
    static Browser browser;
    static UUID streaming;

    @BeforeAll
    static void start() throws Exception {
        d4 = Appliance.fromImage(ServerImageIT.IMAGE).env("D4_ADMIN_PASSWORD", ADMIN_PASSWORD).start();
        browser = new Browser(d4);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (d4 != null) {
                d4.close();
            }
        }
    }

    static UUID register(String key, String description) throws Exception {
        UUID uuid = UUID.randomUUID();
        assertEquals(200, d4.api("POST", "/add/sensor/register",
                "{\"uuid\":\"" + uuid + "\",\"hmac_key\":\"" + key + "\",\"description\":\"" + description + "\"}").statusCode());
        return uuid;
    }

    static String sensorStatus(UUID uuid) throws Exception {
        return JSON.readTree(d4.api("GET", "/sensors/" + uuid, null).body()).path("status").asText();
    }

    void assertRendered(String pageId) {
        browser.find("#d4-page-" + pageId);
        assertTrue(browser.driver.findElements(By.cssSelector(".d4-flash-error")).isEmpty()
                || !browser.driver.findElement(By.cssSelector(".d4-flash-error")).getText().contains("Exception"), pageId);
        for (WebElement chart : browser.driver.findElements(By.cssSelector("[data-d4-chart]"))) {
            browser.waiting().until(ExpectedConditions.attributeToBe(chart, "data-drawn", "true"));
        }
    }

    @Test
    @Order(1)
    void logsInThroughTheForm() throws Exception {
        browser.open("/system/console/d4-dashboard");
        browser.find("#d4-login");
        browser.screenshot("00-login");
        browser.login("admin", "wrong password");
        assertTrue(browser.find("#d4-login-error").getText().contains("Wrong user name or password"));
        browser.login("admin", ADMIN_PASSWORD);
        assertEquals("admin", browser.find("#d4-user").getText());
        assertTrue(browser.driver.getCurrentUrl().endsWith("/system/console/d4-dashboard"), browser.driver.getCurrentUrl());
    }

    @Test
    @Order(2)
    void approvesAPendingSensor() throws Exception {
        UUID uuid = register("browser key", "from the browser test");
        browser.open("/system/console/d4-server");
        WebElement row = browser.find("#d4-pending-table tr[data-uuid='" + uuid + "']");
        browser.screenshot("03-server");
        row.findElement(By.xpath(".//button[text()='Approve']")).click();
        assertTrue(browser.find("#d4-flash").getText().contains("Sensor " + uuid + " approved."));
        assertEquals("approved", sensorStatus(uuid));
        assertTrue(browser.driver.findElements(By.cssSelector("#d4-pending-table tr[data-uuid='" + uuid + "']")).isEmpty());
    }

    @Test
    @Order(3)
    void createsAQueue() throws Exception {
        browser.open("/system/console/d4-queues");
        new Select(browser.find("#d4-queue-type")).selectByValue("8");
        browser.find("#d4-queue-description").sendKeys("pdns from the browser");
        browser.find("#d4-queue-create-submit").click();
        assertTrue(browser.find("#d4-flash").getText().contains("created"), browser.find("#d4-flash").getText());
        JsonNode queues = JSON.readTree(d4.api("GET", "/queues", null).body());
        boolean found = false;
        for (JsonNode q : queues) {
            found |= q.path("description").asText().equals("pdns from the browser") && q.path("type").asInt() == 8;
        }
        assertTrue(found, queues.toString());
        browser.open("/system/console/d4-queues");
        assertTrue(browser.find("#d4-queue-table").getText().contains("pdns from the browser"));
        browser.screenshot("04-queues");
    }

    @Test
    @Order(4)
    void aConnectedSensorAppearsOnTheDashboard() throws Exception {
        UUID uuid = register("dashboard key", "streaming sensor");
        streaming = uuid;
        assertEquals(200, d4.api("POST", "/sensors/" + uuid + "/approve", null).statusCode());
        FrameEncoder encoder = new FrameEncoder("dashboard key".getBytes(StandardCharsets.UTF_8));
        try (TlsSensor sensor = d4.connectSensor(); TlsSensor second = d4.connectSensor()) {
            for (int i = 0; i < 50; i++) {
                sensor.send(encoder.encode(3, uuid, Instant.now().getEpochSecond(), ("log line " + i + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            // a second type, on a connection of its own (a connection keeps its type): the charts per type get two series
            for (int i = 0; i < 20; i++) {
                second.send(encoder.encode(4, uuid, Instant.now().getEpochSecond(), ("dnscap line " + i + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            assertTrue(Commands.eventually(Duration.ofSeconds(30), () -> {
                browser.open("/system/console/d4-dashboard");
                return !browser.driver.findElements(By.cssSelector("#d4-connected-table a[href$='" + uuid + "']")).isEmpty();
            }), "the streaming sensor is listed as connected");
            assertRendered("d4-dashboard");
            assertTrue(Integer.parseInt(browser.find("#d4-connected-count").getText()) >= 1);
            browser.screenshot("01-dashboard");
            browser.open("/system/console/d4-sensors?uuid=" + uuid);
            assertRendered("d4-sensors");
            assertTrue(browser.find("#d4-sensor-info").getText().contains("streaming sensor"));
            browser.screenshot("02-sensor-detail");
        }
    }

    @Test
    @Order(5)
    void chartsAreDrawnByTheShippedLibraryWithValuesZoomAndTimeAxes() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        // without script the same figures are a table: today's row has the 50 type-3 and 20 type-4 frames sent above
        String todayRow = "<tr><td>" + today + "</td><td class='num'>50</td><td class='num'>20</td></tr>";
        boolean counted = Commands.eventually(Duration.ofSeconds(30), () -> dashboardHtml().contains(todayRow));
        String html = dashboardHtml();
        int table = Math.max(0, html.indexOf("id='d4-chart-history-types-table'"));
        assertTrue(counted, todayRow + " in " + html.substring(table, Math.min(html.length(), table + 4000)));
        assertTrue(html.contains("<noscript><table class='d4-table d4-chart-table' id='d4-chart-history-types-table'>"), "a table without script");

        browser.open("/system/console/d4-dashboard");
        assertRendered("d4-dashboard");
        for (String id : List.of("d4-chart-today-types", "d4-chart-today-sensors", "d4-chart-history-types", "d4-chart-history-sensors")) {
            browser.find("#" + id + " .uplot canvas");
        }
        assertEquals(List.of("UTC day", "3 generic log lines", "4 dnscap"), legend("d4-chart-history-types"));
        assertEquals(List.of("UTC day", "streaming sensor (" + streaming.toString().substring(0, 8) + ")"), legend("d4-chart-history-sensors"));
        assertEquals(0L, (Long) browser.driver.executeScript(
                "return Array.from(document.scripts).filter(s => s.src && new URL(s.src).origin !== location.origin).length"), "nothing from outside");

        // the time axis spans the 30 UTC days, half a day beyond the first and the last
        long todayStart = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        WebElement chart = browser.find("#d4-chart-history-types");
        double[] whole = {todayStart - 29 * 86_400 - 43_200, todayStart + 43_200};
        assertEquals(whole[0], xRange(chart)[0]);
        assertEquals(whole[1], xRange(chart)[1]);

        // hovering over the last day shows today's values
        WebElement over = chart.findElement(By.cssSelector(".u-over"));
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", over);
        int width = over.getSize().getWidth();
        new Actions(browser.driver).moveToElement(over, (int) Math.round(width * (29.5 / 30 - 0.5)), 0).perform();
        WebElement tip = browser.waiting().until(ExpectedConditions.visibilityOf(chart.findElement(By.cssSelector(".d4-tip"))));
        assertEquals(List.of(today, "3 generic log lines: 50", "4 dnscap: 20"), List.of(tip.getText().split("\n")));
        browser.screenshot("09-chart-hover");

        // dragging across the middle half zooms to it; a double-click shows the whole range again
        new Actions(browser.driver).moveToElement(over, -width / 4, 0).clickAndHold().moveByOffset(width / 2, 0).release().perform();
        browser.waiting().until(d -> xRange(chart)[0] != whole[0]);
        double span = whole[1] - whole[0];
        assertEquals(whole[0] + span / 4, xRange(chart)[0], span / 50);
        assertEquals(whole[1] - span / 4, xRange(chart)[1], span / 50);
        browser.screenshot("10-chart-zoomed");
        new Actions(browser.driver).doubleClick(over).perform();
        browser.waiting().until(d -> xRange(chart)[0] == whole[0]);
        assertEquals(whole[1], xRange(chart)[1]);

        // the bars of today per type: the first one, at the top, is type 3
        WebElement types = browser.find("#d4-chart-today-types");
        WebElement typesOver = types.findElement(By.cssSelector(".u-over"));
        browser.driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", typesOver);
        new Actions(browser.driver).moveToElement(typesOver, 0, -typesOver.getSize().getHeight() / 4).perform();
        WebElement typesTip = browser.waiting().until(ExpectedConditions.visibilityOf(types.findElement(By.cssSelector(".d4-tip"))));
        assertEquals(List.of("3 generic log lines", "50 frames"), List.of(typesTip.getText().split("\n")));

        browser.open("/system/console/d4-sensors?uuid=" + streaming);
        assertRendered("d4-sensors");
        assertEquals(List.of("UTC day", "4 dnscap", "3 generic log lines"), legend("d4-chart-sensor-types"), "stacked: the top one first");
        assertEquals(List.of("UTC day", "bytes"), legend("d4-chart-sensor-bytes"));
    }

    /** The dashboard as a browser without script gets it. */
    static String dashboardHtml() {
        try {
            return d4.get("/system/console/d4-dashboard", "admin:" + ADMIN_PASSWORD).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The series names in a chart's legend, which the library draws (the time first). */
    static List<String> legend(String chartId) {
        return browser.driver.findElements(By.cssSelector("#" + chartId + " .u-legend .u-series .u-label")).stream().map(WebElement::getText).toList();
    }

    /** The shown range of a chart's time axis, in epoch seconds. */
    static double[] xRange(WebElement chart) {
        return new double[] {Double.parseDouble(chart.getAttribute("data-x-min")), Double.parseDouble(chart.getAttribute("data-x-max"))};
    }

    @Test
    @Order(6)
    void everyPageRenders() throws Exception {
        String[][] pages = {{"d4-sensors", "02-sensors"}, {"d4-analyzers", "05-analyzers"}, {"d4-users", "06-users"}, {"d4-health", "07-health"}};
        for (String[] page : pages) {
            browser.open("/system/console/" + page[0]);
            assertRendered(page[0]);
            browser.screenshot(page[1]);
        }
        browser.open("/system/console/d4-health");
        assertTrue(browser.find("#d4-problems-card").getText().contains("No problems"));
        browser.open("/system/console/d4-sensors");
        assertTrue(browser.find("#d4-sensor-table").getText().contains("streaming sensor"));
        for (String[] page : pages) {
            assertTrue(Files.size(Browser.SCREENSHOTS.resolve(page[1] + ".png")) > 10_000, page[1]);
        }
    }

    @Test
    @Order(7)
    void aGeneratedPasswordMustBeChangedFirst() throws Exception {
        browser.open("/system/console/d4-users");
        browser.find("#d4-user-create input[name='name']").sendKeys("operator");
        browser.find("#d4-user-create button").click();
        String flash = browser.find("#d4-flash").getText();
        Matcher m = Pattern.compile("generated password (\\S+) ").matcher(flash);
        assertTrue(m.find(), flash);
        String generated = m.group(1);
        browser.find("#d4-logout").click();
        browser.find("#d4-login");
        browser.login("operator", generated);
        browser.find("#d4-must-change");
        browser.open("/system/console/d4-dashboard");
        assertTrue(browser.driver.getCurrentUrl().endsWith("/d4-users"), "sent back to change the password: " + browser.driver.getCurrentUrl());
        browser.screenshot("08-password-change");
        browser.find("#d4-current").sendKeys(generated);
        browser.find("#d4-new").sendKeys("Operator-Own-Pass-9");
        browser.find("#d4-repeat").sendKeys("Operator-Own-Pass-9");
        browser.find("#d4-change-password").click();
        assertTrue(browser.find("#d4-flash").getText().contains("Your password was changed."));
        browser.open("/system/console/d4-dashboard");
        assertEquals("operator", browser.find("#d4-user").getText());
        assertFalse(browser.driver.getPageSource().contains("d4-must-change"));
        assertEquals(200, d4.get("/system/console/d4-dashboard", "operator:Operator-Own-Pass-9").statusCode());
    }
}
