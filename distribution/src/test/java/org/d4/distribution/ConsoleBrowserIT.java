// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The D4 console pages in a real browser (Debian's headless chromium) against the real image: log
 * in, approve a pending sensor, create a queue, see a connected sensor on the dashboard, view every
 * page, and the forced change of a generated password. Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "Browser-Admin-Pass-1";
    static Appliance d4;
    static Browser browser;

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
        assertEquals(200, d4.api("POST", "/sensors/" + uuid + "/approve", null).statusCode());
        FrameEncoder encoder = new FrameEncoder("dashboard key".getBytes(StandardCharsets.UTF_8));
        try (TlsSensor sensor = d4.connectSensor()) {
            for (int i = 0; i < 50; i++) {
                sensor.send(encoder.encode(3, uuid, Instant.now().getEpochSecond(), ("log line " + i + "\n").getBytes(StandardCharsets.UTF_8)));
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
    @Order(6)
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
