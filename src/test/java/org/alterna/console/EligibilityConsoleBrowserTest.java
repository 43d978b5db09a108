package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.alterna.simulation.fleet.RegisterGenerator;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The eligibility and overcrowding screens in a real Chromium against the application (the same Spring context as
 * {@link ConsoleBrowserTest}): a synthetic register triaged under DL 1514 and then DL 1585, the supervisor's
 * candidate list with filters, exports and a candidate turned into an EM request, a register uploaded with its
 * progress and a broken one with its line errors, who changed and why, the judge's court-only list, and the
 * overcrowding map, what-if slider and chart. Any error in the browser console fails the test.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EligibilityConsoleBrowserTest {
    @LocalServerPort
    int port;
    Browser browser;
    Api admin;
    Api supervisor;

    @BeforeAll
    void start() throws IOException {
        admin = Api.as(port, "admin");
        supervisor = Api.as(port, "supervisor");
        try (InputStream in = getClass().getResourceAsStream("/reference/inpe_establishments.csv")) {
            assertThat(admin.send("POST", "/api/v1/penal-centres/import",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(200);
        }
        for (String court : List.of("JIP-LIMA-01", "JIP-LIMA-02", "JIP-LIMA-03")) {
            assertThat(admin.post("/api/v1/courts", Map.of("code", court, "name", "Juzgado " + court,
                    "judicialDistrict", "Lima", "region", "Lima")).status()).isIn(201, 409);
        }
        activate("PE-2020-DL1514");
        String csv = RegisterGenerator.csv(2026, 0.02, LocalDate.now(ZoneId.of("America/Lima")));
        Api.Response job = admin.send("POST", "/api/v1/eligibility/register/imports?mode=replace", csv, "text/csv");
        assertThat(job.status()).as(job.toString()).isEqualTo(202);
        String id = job.json().get("id").stringValue();
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/api/v1/eligibility/register/imports/" + id)
                .json().get("state").stringValue().equals("DONE"));
        activate("PE-2023-DL1585");
        browser = new Browser(port);
    }

    void activate(String code) {
        for (JsonNode s : admin.get("/api/v1/eligibility/rule-sets").json()) {
            if (s.get("code").stringValue().equals(code)) {
                assertThat(admin.post("/api/v1/eligibility/rule-sets/" + s.get("version").intValue() + "/activation",
                        Map.of()).status()).isEqualTo(200);
            }
        }
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    List<WebElement> rows() {
        return browser.driver.findElements(By.cssSelector("#candidates-table tbody tr[data-id]"));
    }

    @Test
    @Order(1)
    void theSupervisorSeesTheirRegionsCandidatesFiltersAndTurnsOneIntoAnEmRequest() {
        browser.login("supervisor");
        browser.openLoaded("/console/eligibility");
        browser.assertNoBrowserErrors();
        assertThat(browser.find("rule-set").getText()).contains("PE-2023-DL1585");
        JsonNode api = supervisor.get("/api/v1/eligibility/candidates?size=1").json();
        assertThat(browser.find("count-ELIGIBLE").getText().replaceAll("\\D", ""))
                .isEqualTo(String.valueOf(api.at("/counts/ELIGIBLE").longValue()));
        assertThat(rows()).hasSize(50);
        // every row is of an establishment of region Lima, eligible ones first with their reasons
        List<String> limaCentres = new java.util.ArrayList<>();
        admin.get("/api/v1/penal-centres?region=Lima").json().get("centres")
                .forEach(c -> limaCentres.add(c.get("name").stringValue()));
        for (WebElement row : rows()) {
            assertThat(row.findElement(By.cssSelector("td:nth-child(3)")).getText()).isIn(limaCentres);
        }
        assertThat(rows().get(0).getAttribute("class")).contains("status-ELIGIBLE");
        assertThat(rows().get(0).findElements(By.cssSelector("ul.reasons li")).get(0).getText()).contains("Cumple");

        new org.openqa.selenium.support.ui.Select(browser.find("filter-status")).selectByValue("NOT_ELIGIBLE");
        browser.find("filter-apply").click();
        browser.waiting().until(d -> rows().stream().allMatch(r -> r.getAttribute("class").contains("NOT_ELIGIBLE")));
        assertThat(browser.find("export-pdf").getAttribute("href")).contains("format=pdf", "status=NOT_ELIGIBLE", "lang=es");
        Object header = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(document.getElementById('export-csv').href)"
                        + ".then(r => r.text()).then(t => done(t.split('\\n')[0]));");
        assertThat(String.valueOf(header)).startsWith("Orden,ID interno,DNI,Apellidos"); // fetch drops the byte-order mark

        // the community-service condition filters the list and its exports like the API
        long withService = supervisor.get("/api/v1/eligibility/candidates?status=ELIGIBLE&communityService=true&size=1")
                .json().get("total").longValue();
        new org.openqa.selenium.support.ui.Select(browser.find("filter-status")).selectByValue("ELIGIBLE");
        new org.openqa.selenium.support.ui.Select(browser.find("filter-service")).selectByValue("true");
        browser.find("filter-apply").click();
        browser.waiting().until(d -> rows().size() == Math.min(50, withService)
                && rows().stream().allMatch(r -> r.getText().contains("con servicio comunitario")));
        assertThat(browser.find("export-csv").getAttribute("href")).contains("communityService=true");
        new org.openqa.selenium.support.ui.Select(browser.find("filter-service")).selectByValue("");

        new org.openqa.selenium.support.ui.Select(browser.find("filter-status")).selectByValue("ELIGIBLE");
        browser.find("filter-apply").click();
        browser.waiting().until(d -> rows().stream().allMatch(r -> r.getAttribute("class").contains("status-ELIGIBLE")));
        WebElement first = rows().get(0);
        String id = first.getAttribute("data-id");
        first.findElement(By.cssSelector("button.em-request")).click();
        browser.waiting().until(d -> !d.findElements(By.cssSelector("tr[data-id='" + id + "'] a.order-link")).isEmpty());
        assertThat(browser.find("notice").getText()).startsWith("Solicitud de VEP creada");
        String orderId = supervisor.get("/api/v1/eligibility/candidates/" + id).json().get("orderId").stringValue();
        assertThat(supervisor.get("/api/v1/orders/" + orderId).json().get("status").stringValue()).isEqualTo("REQUESTED");
        browser.screenshot("eligibility");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(2)
    void aRegisterUploadedInTheBrowserShowsItsProgressAndABrokenOneItsLineErrors() throws IOException {
        Path good = Files.createTempFile("register-", ".csv");
        Path broken = Files.createTempFile("register-broken-", ".csv");
        try {
            Files.writeString(good, RegisterGenerator.HEADER + "\n"
                    + "UP-1,76000001,Ana,Torres Vega,1985-04-02,F,216,procesado,186,40,JIP-LIMA-01,"
                    + "00201-2025-0-1801-JR-PE-01,,60,0,,,,,,true\n");
            Files.writeString(broken, RegisterGenerator.HEADER + "\n"
                    + "UP-2,76000002,Ana,Torres Vega,1985-04-02,F,216,procesado,186,40,JIP-LIMA-01,,,60,0,,,,,,true\n"
                    + "UP-3,7600003,Ana,Torres Vega,1985-04-02,F,216,procesado,186,40,JIP-LIMA-01,,,60,0,,,,,,true\n");
            browser.openLoaded("/console/eligibility");
            new org.openqa.selenium.support.ui.Select(browser.find("import-mode")).selectByValue("merge");
            browser.driver.findElement(By.id("import-file")).sendKeys(good.toAbsolutePath().toString());
            browser.find("import-start").click();
            browser.waiting().until(d -> d.findElement(By.id("import-status")).getText().startsWith("Importación terminada"));
            assertThat(browser.find("import-progress").getAttribute("value")).isEqualTo("100");
            assertThat(supervisor.get("/api/v1/eligibility/candidates/UP-1").status()).isEqualTo(200);

            browser.driver.findElement(By.id("import-file")).sendKeys(broken.toAbsolutePath().toString());
            browser.find("import-start").click();
            browser.waiting().until(d -> d.findElement(By.id("import-status")).getText().startsWith("Importación rechazada"));
            assertThat(browser.driver.findElements(By.cssSelector("#import-errors li"))).extracting(WebElement::getText)
                    .containsExactly("línea 3, columna dni: a DNI is exactly 8 digits (got \"7600003\")");
            assertThat(supervisor.get("/api/v1/eligibility/candidates/UP-2").status()).isEqualTo(404);
            browser.assertNoBrowserErrors();
        } finally {
            Files.deleteIfExists(good);
            Files.deleteIfExists(broken);
        }
    }

    @Test
    @Order(3)
    void theNewerDecreeListsWhoChangedAndWhy() {
        browser.openLoaded("/console/eligibility");
        WebElement run = browser.waiting().until(d -> d.findElements(By.cssSelector("#runs li[data-run]")).stream()
                .filter(li -> li.getText().contains("PE-2020-DL1514 → PE-2023-DL1585")).findFirst().orElse(null));
        run.findElement(By.cssSelector("button.show-changes")).click();
        browser.waiting().until(d -> d.findElement(By.id("changes-table")).isDisplayed());
        List<WebElement> changes = browser.driver.findElements(By.cssSelector("#changes-table tbody tr[data-id]"));
        assertThat(changes).isNotEmpty();
        assertThat(changes.get(0).findElement(By.cssSelector("td:nth-child(3)")).getText()).contains("(DL 1514)");
        assertThat(changes.get(0).findElement(By.cssSelector("td:nth-child(4)")).getText()).contains("(DL 1585)");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(4)
    void aJudgeSeesOnlyTheirCourtAndCannotRequestOrImportPoliceNothing() {
        browser.login("judge");
        browser.openLoaded("/console/eligibility?lang=en");
        assertThat(browser.find("count-ELIGIBLE").isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.id("import")).isDisplayed()).isFalse();
        assertThat(browser.driver.findElements(By.cssSelector("button.em-request"))).isEmpty();
        assertThat(rows()).isNotEmpty();
        for (WebElement row : rows()) {
            assertThat(row.findElement(By.cssSelector("td:nth-child(4)")).getText()).startsWith("JIP-LIMA-01");
        }
        assertThat(rows().get(0).findElements(By.cssSelector("ul.reasons li")).get(0).getText())
                .containsAnyOf("Meets", "Review", "Excluded", "Does not meet");
        browser.assertNoBrowserErrors();
        browser.open("/console/overcrowding?lang=es");
        assertThat(browser.find("forbidden").isDisplayed()).isTrue();
        browser.browserLog(); // the expected 403 of the page itself
        browser.login("police");
        browser.open("/console/eligibility");
        assertThat(browser.find("forbidden").isDisplayed()).isTrue();
        browser.browserLog();
    }

    @Test
    @Order(5)
    void theOvercrowdingMapSliderAndChartFollowTheProjection() throws IOException {
        browser.login("admin");
        browser.openLoaded("/console/overcrowding");
        browser.assertNoBrowserErrors();
        assertThat(browser.driver.findElements(By.cssSelector("#centres-map path.centre-marker"))).hasSize(69);
        assertThat(browser.driver.findElements(By.cssSelector("#occupancy-chart .uplot"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("#centres-table tbody tr"))).hasSize(69);
        JsonNode half = admin.get("/api/v1/eligibility/projection?share=0.5&group=ALL").json();
        assertThat(digits(browser.find("moved-total").getText())).isEqualTo(half.at("/total/moved").longValue());

        String before = String.valueOf(browser.js("return document.body.dataset.updated || ''"));
        browser.js("const s = document.getElementById('share'); s.value = '100'; s.dispatchEvent(new Event('input'));");
        browser.waiting().until(d -> !before.equals(String.valueOf(browser.js("return document.body.dataset.updated || ''"))));
        JsonNode all = admin.get("/api/v1/eligibility/projection?share=1&group=ALL").json();
        assertThat(digits(browser.find("moved-total").getText())).isEqualTo(all.at("/total/moved").longValue());
        assertThat(digits(browser.find("devices").getText())).isEqualTo(all.at("/total/resources/devices").longValue());
        assertThat(browser.find("share-value").getText()).isEqualTo("100 %");
        assertThat(browser.find("projection-csv").getAttribute("href")).contains("share=1", "group=ALL");
        browser.screenshot("overcrowding");
        browser.js("document.getElementById('map-h').scrollIntoView()");
        browser.screenshot("overcrowding-map");
        browser.js("window.scrollTo(0, 0)");

        String after = String.valueOf(browser.js("return document.body.dataset.updated || ''"));
        browser.find("group-priority").click();
        browser.waiting().until(d -> !after.equals(String.valueOf(browser.js("return document.body.dataset.updated || ''"))));
        JsonNode priority = admin.get("/api/v1/eligibility/projection?share=1&group=PRIORITY").json();
        assertThat(digits(browser.find("moved-total").getText())).isEqualTo(priority.at("/total/moved").longValue())
                .isLessThan(all.at("/total/moved").longValue());
        browser.assertNoBrowserErrors();

        // the INPE supervisor of Lima sees the establishments of the region Lima only
        browser.login("supervisor");
        browser.openLoaded("/console/overcrowding");
        long lima = admin.get("/api/v1/penal-centres?region=Lima").json().get("centres").size();
        assertThat(browser.driver.findElements(By.cssSelector("#centres-map path.centre-marker"))).hasSize((int) lima);
        browser.assertNoBrowserErrors();

        Path docs = Path.of("docs/screenshots");
        Files.createDirectories(docs);
        for (String name : List.of("eligibility", "overcrowding", "overcrowding-map")) {
            Files.copy(Browser.SCREENSHOTS.resolve(name + ".png"), docs.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static long digits(String text) {
        return Long.parseLong(text.replaceAll("\\D", ""));
    }
}
