package io.rtml.examples.sendtime;

import io.rtml.sdk.RegistryClient;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitor's MLOps page in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}),
 * against the stack {@link SendTimeScenarioIT} has just run the scenario on: filters and sort change the rows,
 * an unknown filter is said in words, the model view shows every lifecycle panel with the scenario's numbers,
 * and nothing on the page logs a console error. Leaves a screenshot in {@code target/mlops-page.png}.
 */
final class MlopsPageCheck {

    static final String OTHER_MODEL = "page-check-batch";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private MlopsPageCheck() {
    }

    static void run(URI registryUrl, URI monitorUrl, String token) throws Exception {
        // A second product in another industry and mode, with no versions and no traffic, to filter and sort against.
        new RegistryClient(registryUrl).createModel(OTHER_MODEL, "finance", "batch", List.of("page-check"),
                "a batch model with no traffic, for the page's filters");
        WebDriver browser = start();
        try {
            browser.get(monitorUrl + "/");
            WebElement tokenInput = browser.findElement(By.id("token"));
            tokenInput.sendKeys(token, Keys.TAB);
            List<String> all = rows(browser, 2);
            assertThat(all).as("every model, by name").containsExactly(OTHER_MODEL, SendTimeScenario.MODEL);

            // Sorting by inferences per day: the model with traffic first, then the other way round.
            browser.findElement(By.cssSelector("button[data-sort='perDay']")).click();
            waitFor(browser, () -> browser.getCurrentUrl().contains("sort=perDay")
                    && rowNames(browser).equals(List.of(SendTimeScenario.MODEL, OTHER_MODEL)));
            assertThat(cell(browser, SendTimeScenario.MODEL, "perDay")).as("the scenario's inferences")
                    .matches("\\d+").satisfies(n -> assertThat(Long.parseLong(n)).isGreaterThanOrEqualTo(15_000));
            assertThat(cell(browser, OTHER_MODEL, "perDay")).isEqualTo("0");
            browser.findElement(By.cssSelector("button[data-sort='perDay']")).click();
            waitFor(browser, () -> browser.getCurrentUrl().contains("order=asc")
                    && rowNames(browser).equals(List.of(OTHER_MODEL, SendTimeScenario.MODEL)));

            // Filters change the rows, and the URL carries them so the view can be shared.
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-mode"))).selectByValue("batch");
            waitFor(browser, () -> rowNames(browser).equals(List.of(OTHER_MODEL)));
            assertThat(browser.getCurrentUrl()).contains("mode=batch").contains("sort=perDay");
            browser.get(monitorUrl + "/?industry=email");
            assertThat(rows(browser, 1)).containsExactly(SendTimeScenario.MODEL);
            assertThat(cell(browser, SendTimeScenario.MODEL, "champion")).matches("v\\d+");
            assertThat(cell(browser, SendTimeScenario.MODEL, "drift")).startsWith("drifting: tz_offset");

            assertThat(consoleErrors(browser, null)).as("console errors on the catalogue").isEmpty();

            browser.get(monitorUrl + "/?industry=bogus");
            WebElement error = new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.cssSelector("#catalogue .error")));
            assertThat(error.getText()).contains("Unknown industry 'bogus'").contains("email").contains("finance");
            // The 400 itself is what Chromium logs for that request; nothing else may be.
            assertThat(consoleErrors(browser, "/api/v1/catalogue?industry=bogus")).isEmpty();

            // The model view, opened on the champion: every panel with real numbers.
            browser.get(monitorUrl + "/?industry=email");
            rows(browser, 1);
            browser.findElement(By.linkText(SendTimeScenario.MODEL)).click();
            waitFor(browser, () -> !browser.findElements(By.cssSelector("#business p, #business .metric")).isEmpty()
                    && !browser.findElements(By.cssSelector("#monitoring [data-route='champion']")).isEmpty());
            assertThat(browser.getCurrentUrl()).contains("model=" + SendTimeScenario.MODEL);
            for (String panel : List.of("registry", "data", "deployment", "monitoring")) {
                WebElement p = browser.findElement(By.id(panel));
                assertThat(p.findElements(By.cssSelector(".error"))).as(panel + " has no error").isEmpty();
                assertThat(p.findElements(By.cssSelector(".metric .value")).stream().map(WebElement::getText)
                        .filter(v -> v.matches(".*\\d.*")).toList()).as(panel + " shows numbers").isNotEmpty();
                assertThat(p.findElements(By.cssSelector(".metric .phase")).stream().map(WebElement::getText).toList())
                        .as(panel + " names its phase on every metric").isNotEmpty()
                        .allSatisfy(phase -> assertThat(phase.toLowerCase()).isEqualTo(panel));
            }
            // The audit trail is readable by the admin token the page sends, not by the monitor's service token: it
            // shows only because the monitor passed the caller's token on to the registry.
            assertThat(browser.findElement(By.id("registry")).getText()).contains("Audit trail (newest 15)")
                    .contains("alias-set");
            assertThat(metric(browser, "Drifted features")).contains("tz_offset");
            assertThat(metric(browser, "Live accuracy")).matches("\\d+\\.\\d %.*");
            // The scenario registered the held-out rows' reliability table: accuracy is estimated before labels.
            assertThat(metric(browser, "Estimated accuracy")).matches("\\d+\\.\\d %.*");
            assertThat(metric(browser, "Third-party datasets")).isEqualTo("0");
            assertThat(browser.findElements(By.cssSelector("#chart-inferences canvas"))).as("the inference chart").isNotEmpty();
            String business = browser.findElement(By.id("business")).getText();
            // The scenario declared open-within-window and ran a 10 % holdout: the panel shows the uplift it measured.
            assertThat(business).as("business value shows the KPI, model vs holdout and the uplift")
                    .contains("open-within-window").contains("Holdout").contains("Uplift");
            assertThat(browser.findElement(By.id("deprecation-hint")).getText()).contains("stale:");

            File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "mlops-page.png");
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(target)).isPositive();

            assertThat(consoleErrors(browser, null)).as("console errors on the model view").isEmpty();
        } finally {
            browser.quit();
        }
    }

    private static WebDriver start() {
        ChromeOptions options = new ChromeOptions();
        String binary = System.getenv().getOrDefault("RTML_CHROMIUM", "/usr/bin/chromium");
        if (new File(binary).canExecute()) {
            options.setBinary(binary);
        }
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,2600");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService.Builder service = new ChromeDriverService.Builder();
        String driver = System.getenv().getOrDefault("RTML_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (new File(driver).canExecute()) {
            service.usingDriverExecutable(new File(driver));
        }
        return new ChromeDriver(service.build(), options);
    }

    /**
     * Severe browser-log entries since the last read, but those of a failed load of {@code expectedFailure} (a URL
     * part; null: none expected). Chromium logs every 4xx answer as a failed resource load: the page answers an
     * unknown filter with the 400 it got, explained in words on the page.
     */
    private static List<String> consoleErrors(WebDriver browser, String expectedFailure) {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !(expectedFailure != null && e.getMessage().contains(expectedFailure))) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    private static List<String> rows(WebDriver browser, int expected) {
        waitFor(browser, () -> rowNames(browser).size() == expected);
        return rowNames(browser);
    }

    private static List<String> rowNames(WebDriver browser) {
        return browser.findElements(By.cssSelector("#catalogue-table tbody tr")).stream()
                .map(r -> r.getAttribute("data-model")).toList();
    }

    private static String cell(WebDriver browser, String model, String column) {
        return browser.findElement(By.cssSelector("tr[data-model='" + model + "'] td[data-col='" + column + "']")).getText();
    }

    private static String metric(WebDriver browser, String name) {
        return browser.findElement(By.cssSelector(".metric[data-metric='" + name + "'] .value")).getText();
    }

    private static void waitFor(WebDriver browser, java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(b -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page did not get there within " + WAIT + "; it shows: "
                    + ((JavascriptExecutor) browser).executeScript("return document.body.innerText"), e);
        }
    }
}
