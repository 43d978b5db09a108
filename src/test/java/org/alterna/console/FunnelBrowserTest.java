package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The activation funnel screen in Chromium: the stages with the same figures as the API, the uPlot chart, the case
 * waiting longest with its reason, the breakdown per region after changing the grouping, the CSV link carrying the
 * filters, and no error in the browser console; the operator reserving a unit for an installation on the order page.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunnelBrowserTest {
    @LocalServerPort
    int port;
    Browser browser;
    String waitingExpediente;

    @BeforeAll
    void start() {
        ActiveOrders.create(port, "HOUSE_ARREST", ConsoleBrowserTest.HOUSE_ARREST);
        Api supervisor = Api.as(port, "supervisor");
        String dni = String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        Api.Response person = supervisor.post("/api/v1/people", Map.of("dni", dni, "givenNames", "Luz",
                "surnames", "Huamán Ccori", "synthetic", true,
                "domicile", Map.of("address", "Av. Perú 100", "lat", -12.05, "lon", -77.05)));
        assertThat(person.status()).as(person.toString()).isEqualTo(201);
        waitingExpediente = "00999-2026-1-1801-JR-PE-0" + ThreadLocalRandom.current().nextInt(1, 9);
        Api.Response order = supervisor.post("/api/v1/orders", Map.of("expediente", waitingExpediente,
                "courtCode", "JIP-LIMA-01", "measureType", "HOUSE_ARREST",
                "personId", person.json().get("id").stringValue(), "monitoringCentre", "CM-LIMA", "synthetic", true));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        browser = new Browser(port);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    List<WebElement> rows(String table) {
        return browser.driver.findElements(By.cssSelector("#" + table + " tbody tr"));
    }

    @Test
    void theSupervisorReadsTheFunnelOfTheirRegion() {
        JsonNode api = Api.as(port, "supervisor").get("/api/v1/funnel?oldest=20").json();
        browser.login("supervisor");
        assertThat(browser.navIds()).contains("nav-funnel");
        browser.openLoaded("/console/funnel");
        browser.assertNoBrowserErrors();
        assertThat(browser.find("main").getText()).contains("Embudo de activación");

        List<WebElement> stages = rows("stages-table");
        assertThat(stages).hasSize(6);
        assertThat(stages.get(0).findElement(By.cssSelector("th")).getText()).isEqualTo("Solicitado");
        assertThat(stages.get(5).findElement(By.cssSelector("th")).getText()).isEqualTo("Monitoreo activo");
        for (int i = 0; i < 6; i++) {
            assertThat(stages.get(i).findElement(By.cssSelector("td")).getText().replaceAll("\\D", ""))
                    .isEqualTo(String.valueOf(api.get("stages").get(i).get("reached").asInt()));
        }
        assertThat(api.get("stages").get(0).get("reached").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(browser.js("return document.querySelectorAll('#funnel-chart canvas').length").toString())
                .isEqualTo("1");
        assertThat(browser.js("return window.alterna.chart.data[1].length").toString()).isEqualTo("6");

        WebElement waiting = browser.driver.findElements(By.cssSelector("#oldest-table tbody tr")).stream()
                .filter(r -> r.getText().contains(waitingExpediente)).findFirst().orElseThrow();
        assertThat(waiting.getText()).contains("Solicitado", "Falta el informe de viabilidad técnica");

        assertThat(browser.find("funnel-csv").getAttribute("href")).contains("/api/v1/funnel/export",
                "groupBy=PENAL_CENTRE");
        new Select(browser.find("f-group")).selectByValue("REGION");
        browser.find("f-apply").click();
        browser.waitLoaded();
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#groups-table tbody tr[data-key='Lima']"))
                .isEmpty());
        assertThat(browser.find("funnel-csv").getAttribute("href")).contains("groupBy=REGION");
        assertThat(rows("stock-table")).isNotEmpty();
        assertThat(browser.find("funnel-summary").getText()).doesNotContain("NaN", "undefined", "null");
        browser.assertNoBrowserErrors();
    }

    /** The order page: the monitoring centre's operator reserves a unit of the stock by its id, then releases it. */
    @Test
    void anOperatorReservesAUnitForTheInstallationAndReleasesIt() {
        Api supervisor = Api.as(port, "supervisor");
        String dni = String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        Api.Response person = supervisor.post("/api/v1/people", Map.of("dni", dni, "givenNames", "Elsa",
                "surnames", "Condori Apaza", "synthetic", true,
                "domicile", Map.of("address", "Jr. Junín 45", "lat", -12.06, "lon", -77.04)));
        assertThat(person.status()).as(person.toString()).isEqualTo(201);
        Api.Response order = supervisor.post("/api/v1/orders", Map.of("expediente", "00998-2026-1-1801-JR-PE-0"
                + ThreadLocalRandom.current().nextInt(1, 9), "courtCode", "JIP-LIMA-01", "measureType", "HOUSE_ARREST",
                "personId", person.json().get("id").stringValue(), "monitoringCentre", "CM-LIMA", "synthetic", true));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String id = order.json().get("id").stringValue();
        assertThat(supervisor.post("/api/v1/orders/" + id + "/viability-report", Map.of("gpsCoverage", "GOOD",
                "gsmCoverage", "GOOD", "addressVerified", true, "conclusion", "VIABLE")).status()).isEqualTo(200);
        String today = java.time.LocalDate.now(java.time.ZoneId.of("America/Lima")).toString();
        Api.Response resolution = Api.as(port, "judge").post("/api/v1/orders/" + id + "/resolution", """
                {"resolutionNumber":"RES-%d","resolutionDate":"%s","startDate":"%s","conditions":%s}"""
                .formatted(ThreadLocalRandom.current().nextInt(1000, 9999), today, today,
                        ConsoleBrowserTest.HOUSE_ARREST));
        assertThat(resolution.status()).as(resolution.toString()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> supervisor.get("/api/v1/installations/" + id).status() == 200);
        String tag = "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
        assertThat(supervisor.post("/api/v1/devices", Map.of("uniqueId", tag, "model", "teltonika-ankle-tag",
                "protocol", "teltonika")).status()).isEqualTo(201);

        browser.browserLog(); // what an earlier test left in the log (a refused page) is not this test's
        browser.login("operator");
        browser.openLoaded("/console/orders/" + id);
        assertThat(browser.find("reservation-state").getText()).isEqualTo("Ninguna unidad reservada todavía.");
        browser.find("reservation-device").sendKeys(tag);
        browser.find("reservation-submit").click();
        browser.waiting().until(d -> tag.equals(d.findElement(org.openqa.selenium.By.id("reservation-state"))
                .getAttribute("data-device")));
        assertThat(browser.find("reservation-state").getText()).contains(tag);
        assertThat(supervisor.get("/api/v1/devices/" + tag).json().get("status").asString()).isEqualTo("RESERVED");

        browser.find("reservation-reason").sendKeys("unidad con la correa dañada");
        browser.find("reservation-release").click();
        browser.waiting().until(d -> "".equals(d.findElement(org.openqa.selenium.By.id("reservation-state"))
                .getAttribute("data-device")));
        JsonNode device = supervisor.get("/api/v1/devices/" + tag).json();
        assertThat(device.get("status").asString()).isEqualTo("IN_STOCK");
        browser.assertNoBrowserErrors();
    }

    @Test
    void aJudgeHasNoFunnelScreen() {
        browser.login("judge");
        assertThat(browser.navIds()).doesNotContain("nav-funnel");
        browser.open("/console/funnel");
        assertThat(browser.driver.findElements(By.id("funnel-chart"))).isEmpty();
    }
}
