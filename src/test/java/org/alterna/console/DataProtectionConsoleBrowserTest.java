package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The order page's data-protection card in a real Chromium: the judge places a legal hold with its reason and lifts
 * it, and downloads the person's and the victim's subject-access exports with the session; a role that may do
 * neither does not see the card. Any error in the browser console fails the test.
 */
@H2Test
class DataProtectionConsoleBrowserTest {
    @LocalServerPort
    int port;

    /** A protection order of court JIP-LIMA-01 (region Lima) with a victim, ORDERED by the judge. */
    String protectionOrder() {
        Api supervisor = Api.as(port, "supervisor");
        Api admin = Api.as(port, "admin");
        Api.Response court = admin.post("/api/v1/courts", Map.of("code", "JIP-LIMA-01", "name",
                "Juzgado JIP-LIMA-01", "judicialDistrict", "Lima", "region", "Lima"));
        assertThat(court.status()).as(court.toString()).isIn(201, 409);
        Api.Response person = supervisor.post("/api/v1/people", Map.of("dni", String.format("%08d",
                ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999)), "givenNames", "Luis",
                "surnames", "Huamán Rojas", "synthetic", true,
                "domicile", Map.of("address", "Jr. Los Olivos 12", "lat", -12.12, "lon", -77.03)));
        assertThat(person.status()).as(person.toString()).isEqualTo(201);
        Api.Response order = supervisor.post("/api/v1/orders", Map.of("expediente", "00456-2026-1-1801-JR-PE-01",
                "courtCode", "JIP-LIMA-01", "measureType", "PROTECTION_ORDER", "personId",
                person.json().get("id").stringValue(), "monitoringCentre", "CM-LIMA", "synthetic", true,
                "victim", Map.of("fullName", "Ana Torres", "phone", "+51 999 000 111", "address", "Av. Sol 4",
                        "lat", -12.10, "lon", -77.00, "synthetic", true)));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        String id = order.json().get("id").stringValue();
        assertThat(supervisor.post("/api/v1/orders/" + id + "/viability-report", Map.of("gpsCoverage", "GOOD",
                "gsmCoverage", "GOOD", "addressVerified", true, "conclusion", "VIABLE")).status()).isEqualTo(200);
        String today = LocalDate.now(ZoneId.of("America/Lima")).toString();
        Api.Response ordered = Api.as(port, "judge").post("/api/v1/orders/" + id + "/resolution", """
                {"resolutionNumber":"RES-0456-2026","resolutionDate":"%s","startDate":"%s",
                 "effectiveFrom":"2020-01-01T00:00:00Z","conditions":{"zones":[{"id":"victima","type":"EXCLUSION",
                 "geometry":{"type":"Point","coordinates":[-77.00,-12.10]},"radiusMeters":500}],
                 "victimProximityMeters":500}}""".formatted(today, today));
        assertThat(ordered.status()).as(ordered.toString()).isEqualTo(200);
        return id;
    }

    /** Fetches a link of the page with the browser's own session: "status content-type". */
    static String fetched(Browser browser, String elementId) {
        return String.valueOf(((JavascriptExecutor) browser.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.getElementById(arguments[0]).getAttribute('href'), { credentials: 'same-origin' })
                  .then(r => r.arrayBuffer().then(b => done(r.status + ' ' + r.headers.get('content-type') + ' '
                    + b.byteLength)))
                  .catch(e => done('failed ' + e));""", elementId));
    }

    @Test
    void theJudgePlacesAndLiftsALegalHoldAndDownloadsTheExports() {
        String id = protectionOrder();
        Api judge = Api.as(port, "judge");
        String personId = judge.get("/api/v1/orders/" + id).json().get("personId").stringValue();
        try (Browser browser = new Browser(port)) {
            browser.login("operator");
            browser.openLoaded("/console/orders/" + id);
            assertThat(browser.driver.findElement(By.id("privacy-section")).isDisplayed())
                    .as("the monitoring centre neither holds cases nor hands out data").isFalse();

            browser.login("judge");
            browser.openLoaded("/console/orders/" + id);
            assertThat(browser.find("privacy-section").isDisplayed()).isTrue();
            assertThat(browser.find("legal-hold-state").getAttribute("data-held")).isEqualTo("false");
            assertThat(browser.find("legal-hold-submit").getText()).isEqualTo("Disponer retención");
            browser.find("legal-hold-reason").sendKeys("Apelación en trámite, Exp. 00123-2026");
            browser.find("legal-hold-submit").click();
            browser.waiting().until(d -> "true".equals(d.findElement(By.id("legal-hold-state"))
                    .getAttribute("data-held")));
            assertThat(browser.find("legal-hold-state").getText()).contains("Apelación en trámite, Exp. 00123-2026",
                    "judge");
            JsonNode held = judge.get("/api/v1/orders/" + id + "/legal-hold").json();
            assertThat(held.get("held").asBoolean()).isTrue();
            assertThat(held.at("/current/placedBy").asString()).isEqualTo("judge");
            assertThat(held.at("/current/reason").asString()).isEqualTo("Apelación en trámite, Exp. 00123-2026");

            assertThat(browser.find("legal-hold-submit").getText()).isEqualTo("Levantar retención");
            browser.find("legal-hold-reason").sendKeys("Sentencia firme");
            browser.find("legal-hold-submit").click();
            browser.waiting().until(d -> "false".equals(d.findElement(By.id("legal-hold-state"))
                    .getAttribute("data-held")));
            assertThat(browser.find("legal-hold-history").getText()).contains("Apelación en trámite", "Sentencia firme");
            JsonNode lifted = judge.get("/api/v1/orders/" + id + "/legal-hold").json();
            assertThat(lifted.get("held").asBoolean()).isFalse();
            assertThat(lifted.at("/history/0/liftReason").asString()).isEqualTo("Sentencia firme");

            // the subject-access exports, downloaded with the judge's session
            assertThat(browser.find("export-person").getAttribute("href"))
                    .endsWith("/api/v1/people/" + personId + "/data-export");
            assertThat(browser.find("export-victim").getAttribute("href"))
                    .endsWith("/api/v1/orders/" + id + "/victim/data-export");
            assertThat(fetched(browser, "export-person")).startsWith("200 application/zip");
            assertThat(fetched(browser, "export-victim")).startsWith("200 application/zip");
            browser.assertNoBrowserErrors();
        }
        Api auditor = Api.as(port, "auditor");
        assertThat(auditor.get("/api/v1/audit?recordId=" + id + "&action=legal-hold.place").json().size()).isEqualTo(1);
        assertThat(auditor.get("/api/v1/audit?recordId=" + id + "&action=legal-hold.lift").json().size()).isEqualTo(1);
        assertThat(auditor.get("/api/v1/audit?recordId=" + id + "&action=victim.export").json().size()).isEqualTo(1);
        assertThat(auditor.get("/api/v1/audit?recordId=" + personId + "&action=person.export").json().size())
                .isEqualTo(1);
    }
}
