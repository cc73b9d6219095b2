// SPDX-License-Identifier: Apache-2.0
package org.d4.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.d4.itest.Appliance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium, driven through Debian's chromedriver (never a downloaded browser),
 * trusting exactly the appliance's key, and saving screenshots under {@code target/screenshots}.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("d4.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("d4.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of(System.getProperty("d4.screenshots", "target/screenshots"));

    private final Appliance d4;
    final ChromeDriver driver;
    private final Path profile;

    Browser(Appliance d4) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "); .ci/run installs them");
        }
        this.d4 = d4;
        this.profile = Files.createTempDirectory("d4-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000",
                "--user-data-dir=" + profile, "--no-first-run", "--disable-extensions", "--lang=en-US",
                "--ignore-certificate-errors-spki-list=" + spkiHash(d4));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** The base64 SHA-256 of the appliance certificate's public key, the one key chromium is told to trust. */
    private static String spkiHash(Appliance d4) throws IOException {
        try (InputStream in = Files.newInputStream(d4.home().resolve("etc/tls/server.crt"))) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the appliance certificate", e);
        }
    }

    void open(String path) {
        driver.get(d4.uri(path).toString());
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    WebElement find(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void login(String name, String password) {
        find("#name").clear();
        find("#name").sendKeys(name);
        find("#password").sendKeys(password);
        find("#d4-login-submit").click();
    }

    /** Saves the whole page, beyond the window, as {@code target/screenshots/<name>.png} (DevTools capture through chromedriver). */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(8000, ((Number) size.get("height")).doubleValue());
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
