package dev.bursar.runtime.api;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium and chromedriver from Debian's packages (installed with apt-get when missing), driven by
 * Selenium; no browser or driver is ever downloaded by a test tool.
 */
final class DebianChromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private DebianChromium() {
    }

    static ChromeDriver start() {
        ensureInstalled();
        try {
            Path profile = Files.createTempDirectory("bursar-chromium-");
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a Chromium profile directory", e);
        }
    }

    private static synchronized void ensureInstalled() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
            return;
        }
        String command = "apt-get install -y chromium chromium-driver";
        try {
            Process p = new ProcessBuilder("sh", "-c", "apt-get update -q >/dev/null 2>&1; " + command)
                    .redirectErrorStream(true).redirectOutput(new File(System.getProperty("java.io.tmpdir"), "bursar-apt-chromium.log"))
                    .start();
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
                throw new IllegalStateException("Chromium from Debian's packages is needed for the browser test and '" + command
                        + "' failed; see " + System.getProperty("java.io.tmpdir") + "/bursar-apt-chromium.log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + command + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Chromium", e);
        }
    }
}
