package dev.payql.app.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven through its {@code chromedriver}, headless, with a fresh profile.
 *
 * <p>Both paths are given to Selenium explicitly, so Selenium Manager never runs and nothing is
 * downloaded: the browser is what {@code scripts/install-test-packages.sh} installed. Without it the test
 * is skipped on a developer's machine and fails under {@code CI=true}, where a skipped browser test
 * would hide a missing install step.
 */
final class HeadlessChromium {

  static final Path BROWSER = Path.of(System.getProperty("payql.chromium", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("payql.chromedriver", "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  /** Skips (or, under CI, fails) the calling test when the browser is not installed. */
  static void requireInstalled() {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return;
    }
    String missing = "the browser test needs " + BROWSER + " and " + DRIVER
        + ": run scripts/install-test-packages.sh chromium chromium-driver (as root it installs Debian's chromium and chromium-driver)";
    if ("true".equals(System.getenv("CI"))) {
      fail(missing);
    }
    Assumptions.abort(missing);
  }

  static ChromeDriver start(Path profile, Path driverLog) throws IOException {
    Files.createDirectories(profile);
    Files.createDirectories(driverLog.getParent());
    // belt and braces: with the driver named, Selenium does not look for one
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .withLogFile(driverLog.toFile())
        .withTimeout(Duration.ofSeconds(60))
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File(BROWSER.toString()));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--window-size=1440,900",
        "--force-device-scale-factor=1",
        "--lang=en-US",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts()
        .pageLoadTimeout(Duration.ofSeconds(90))
        .scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
