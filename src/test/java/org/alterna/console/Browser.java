package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium for a test class: fixed binary and driver (Selenium Manager never goes to the
 * network), a fresh profile deleted after {@link #quit()}, the browser log read after every step so that any
 * JavaScript error fails the test. If Chromium is missing the test fails, naming {@code ./test.sh}, which installs it
 * (Debian's chromium, or Ubuntu's chromium-browser).
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = new File("/usr/bin/chromium").canExecute() ? "/usr/bin/chromium"
            : "/usr/bin/chromium-browser";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String MISSING = " is missing: ./test.sh installs it and runs the tests (as root or with sudo), or"
            + " apt-get install -y chromium chromium-driver";
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    final WebDriver driver;
    final String base;
    private final Path profile;

    Browser(int port) {
        assertThat(new File(CHROMIUM).canExecute()).as("Chromium (/usr/bin/chromium)" + MISSING).isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("chromedriver (/usr/bin/chromedriver)" + MISSING).isTrue();
        try {
            profile = Files.createTempDirectory("alterna-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900", "--lang=es-PE");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
        base = "http://127.0.0.1:" + port;
    }

    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // lists are re-rendered live
        return wait;
    }

    void open(String path) {
        driver.get(base + path);
    }

    /** Logs in through the login form (after logging out whoever was in) and waits for the landing page. */
    void login(String username) {
        // leave the current page first: a page that refreshes itself (a device's commands, every 3 s) must not
        // send one more request after its session's cookie is gone
        open("/login");
        driver.manage().deleteAllCookies();
        open("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys("demo");
        driver.findElement(By.id("login-submit")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("main-nav")));
        assertNoBrowserErrors();
    }

    /** Opens a console page and waits until its script says it has loaded its data. */
    void openLoaded(String path) {
        open(path);
        waitLoaded();
    }

    void waitLoaded() {
        try {
            waiting().until(d -> "true".equals(((JavascriptExecutor) d)
                    .executeScript("return document.body && document.body.dataset.loaded")));
        } catch (org.openqa.selenium.TimeoutException e) {
            Object notice = js("const n = document.getElementById('notice'); return n ? n.textContent : null");
            throw new AssertionError("page " + driver.getCurrentUrl() + " did not finish loading; notice: " + notice
                    + "; browser log: " + browserLog().stream().map(LogEntry::getMessage).toList(), e);
        }
    }

    /** Clicks an element of a live list, retrying while the list is being re-rendered under the pointer. */
    void click(By by) {
        waiting().until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    /** An attribute of an element of a live list, read once the element is stable. */
    String attribute(By by, String name) {
        return waiting().until(d -> {
            String value = d.findElement(by).getAttribute(name);
            return value == null ? "" : value;
        });
    }

    WebElement find(String id) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    List<String> navIds() {
        return driver.findElements(By.cssSelector("#main-nav a")).stream().map(e -> e.getAttribute("id")).toList();
    }

    /** Saves a screenshot to target/screenshots/{name}.png and returns its path. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The browser log since the last call. */
    List<LogEntry> browserLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /**
     * Fails on any SEVERE browser log entry (JavaScript errors, failed requests) except a missing favicon, and on
     * any text the console could not find in the message bundles.
     */
    void assertNoBrowserErrors() {
        List<String> severe = browserLog().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
                || e.getMessage().contains("missing message"))
                .map(LogEntry::getMessage).filter(m -> !m.contains("favicon.ico")).toList();
        assertThat(severe).as("errors in the browser console").isEmpty();
    }

    @Override
    public void close() {
        quit();
    }

    void quit() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: a temp dir
            }
        }
    }
}
