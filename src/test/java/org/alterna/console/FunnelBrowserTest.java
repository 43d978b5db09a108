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
 * filters, and no error in the browser console.
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

    @Test
    void aJudgeHasNoFunnelScreen() {
        browser.login("judge");
        assertThat(browser.navIds()).doesNotContain("nav-funnel");
        browser.open("/console/funnel");
        assertThat(browser.driver.findElements(By.id("funnel-chart"))).isEmpty();
    }
}
