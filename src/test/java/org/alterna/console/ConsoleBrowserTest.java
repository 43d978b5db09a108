package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.gateway.GatewayPorts;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in a real Chromium against the real application: login and navigation per role, the language
 * switch, a fix sent over a Teltonika TCP socket moving a marker on the live map, a judge drawing a zone and saving
 * it as a variation, the supervisor's viability report, and screenshots of the main screens. Any error in the
 * browser console fails the test.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final ZoneId LIMA = ZoneId.of("America/Lima");

    @LocalServerPort
    int port;

    @Autowired
    GatewayPorts gatewayPorts;

    Browser browser;
    Api admin;
    Api supervisor;
    Api judge;
    Api operator;

    @BeforeAll
    void start() {
        admin = Api.as(port, "admin");
        supervisor = Api.as(port, "supervisor");
        judge = Api.as(port, "judge");
        operator = Api.as(port, "operator");
        for (String court : List.of("JIP-LIMA-01", "JIP-LIMA-02")) {
            Api.Response r = admin.post("/api/v1/courts", Map.of("code", court, "name", "Juzgado de Investigación Preparatoria " + court,
                    "judicialDistrict", "Lima", "region", "Lima"));
            assertThat(r.status()).as(r.toString()).isIn(201, 409);
        }
        browser = new Browser(port);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    // ------------------------------------------------------------------ fixtures through the public APIs

    static String today() {
        return LocalDate.now(LIMA).toString();
    }

    static String dni() {
        return String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    String requestedOrder(String given, String surnames, double lat, double lon) {
        Api.Response person = supervisor.post("/api/v1/people", Map.of("dni", dni(), "givenNames", given,
                "surnames", surnames, "synthetic", true,
                "domicile", Map.of("address", "Jr. Los Olivos 120, Lima", "lat", lat, "lon", lon)));
        assertThat(person.status()).as(person.toString()).isEqualTo(201);
        Api.Response order = supervisor.post("/api/v1/orders", Map.of("expediente",
                String.format("%05d-2026-1-1801-JR-PE-01", ThreadLocalRandom.current().nextInt(100_000)),
                "courtCode", "JIP-LIMA-01", "measureType", "PRETRIAL_RESTRICTION",
                "personId", person.json().get("id").stringValue(), "monitoringCentre", "CM-LIMA", "synthetic", true));
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        return order.json().get("id").stringValue();
    }

    String orderedOrder(String given, String surnames, double lat, double lon) {
        String id = requestedOrder(given, surnames, lat, lon);
        assertThat(supervisor.post("/api/v1/orders/" + id + "/viability-report", Map.of("gpsCoverage", "GOOD",
                "gsmCoverage", "GOOD", "addressVerified", true, "conclusion", "VIABLE")).status()).isEqualTo(200);
        Api.Response ordered = judge.post("/api/v1/orders/" + id + "/resolution", """
                {"resolutionNumber":"RES-0101-2026","resolutionDate":"%s","startDate":"%s",
                 "effectiveFrom":"%s",
                 "conditions":{"zones":[{"id":"domicilio","type":"INCLUSION",
                   "geometry":{"type":"Point","coordinates":[%s,%s]},"radiusMeters":150,
                   "schedule":[{"days":["MON","TUE","WED","THU","FRI","SAT","SUN"],"from":"21:00","to":"06:00"}]}],
                  "noCommunicationMinutes":30,"lowBatteryPercent":15}}"""
                .formatted(today(), today(), Instant.now().minus(1, ChronoUnit.DAYS), lon, lat));
        assertThat(ordered.status()).as(ordered.toString()).isEqualTo(200);
        return id;
    }

    String activeOrderWithDevice(String given, String surnames, double lat, double lon, String imei) {
        String id = orderedOrder(given, surnames, lat, lon);
        assertThat(operator.post("/api/v1/orders/" + id + "/installation",
                Map.of("scheduledAt", Instant.now().toString())).status()).isEqualTo(200);
        assertThat(operator.post("/api/v1/orders/" + id + "/activation", Map.of("note", "instalado")).status())
                .isEqualTo(200);
        Api.Response device = supervisor.post("/api/v1/devices", Map.of("uniqueId", imei, "model", "FMB920",
                "protocol", "teltonika"));
        assertThat(device.status()).as(device.toString()).isEqualTo(201);
        Api.Response assigned = supervisor.post("/api/v1/devices/" + imei + "/assignment", Map.of("orderId", id,
                "role", "PERSON_UNIT", "from", Instant.now().minus(2, ChronoUnit.HOURS).toString()));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        return id;
    }

    static String imei() {
        return "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void everyRoleLogsInAndSeesOnlyItsScreens() {
        Map<String, List<String>> expected = Map.of(
                "admin", List.of("nav-map", "nav-alarms", "nav-orders", "nav-devices", "nav-dashboard", "nav-audit"),
                "supervisor", List.of("nav-map", "nav-alarms", "nav-orders", "nav-devices", "nav-dashboard"),
                "operator", List.of("nav-map", "nav-alarms", "nav-orders"),
                "judge", List.of("nav-orders"),
                "prosecutor", List.of("nav-orders"),
                "police", List.of("nav-alarms"),
                "auditor", List.of("nav-audit"));
        for (String user : List.of("admin", "supervisor", "operator", "judge", "prosecutor", "police", "auditor")) {
            browser.login(user);
            browser.waitLoaded();
            assertThat(browser.navIds()).as("navigation of " + user).isEqualTo(expected.get(user));
            assertThat(browser.find("user-name").getText()).isEqualTo(user);
            browser.assertNoBrowserErrors();
        }
        // police and auditors never open the live map: a 403 page, not the map
        for (String user : List.of("police", "auditor")) {
            browser.login(user);
            browser.open("/console/map");
            assertThat(browser.find("forbidden").getText()).isEqualTo("Acceso no permitido");
            assertThat(browser.driver.findElements(By.id("map"))).isEmpty();
            browser.browserLog(); // the expected 403 of the page itself
        }
        browser.login("judge");
        browser.open("/console/devices");
        assertThat(browser.find("forbidden").isDisplayed()).isTrue();
        browser.browserLog();
        // logout returns to the login page
        browser.login("operator");
        browser.find("logout").click();
        browser.find("logged-out");
        browser.open("/console/map");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/login");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(2)
    void spanishByDefaultEnglishOnRequest() {
        browser.login("operator");
        browser.openLoaded("/console/map");
        assertThat(browser.find("nav-map").getText()).isEqualTo("Mapa en vivo");
        assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es-PE");
        browser.find("lang-en").click();
        browser.waitLoaded();
        assertThat(browser.find("nav-map").getText()).isEqualTo("Live map");
        assertThat(browser.find("people-count").getText()).contains("people in your scope");
        // the choice is kept across pages
        browser.openLoaded("/console/orders");
        assertThat(browser.find("nav-orders").getText()).isEqualTo("Cases");
        browser.find("lang-es").click();
        browser.waitLoaded();
        assertThat(browser.find("nav-orders").getText()).isEqualTo("Casos");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(3)
    void aFixSentOverTeltonikaMovesTheMarkerWithoutReload() throws Exception {
        String imei = imei();
        String orderId = activeOrderWithDevice("Rosa", "Quispe Mamani", -12.1211, -77.0301, imei);
        int tcp = gatewayPorts.port("teltonika");
        try (Teltonika device = new Teltonika(tcp, imei)) {
            assertThat(device.send(Instant.now().minusSeconds(60), -12.1211, -77.0301, 80)).isEqualTo(1);

            browser.login("operator");
            browser.openLoaded("/console/map");
            By item = By.cssSelector("#people-list li[data-order='" + orderId + "']");
            String firstLat = browser.waiting().until(d -> d.findElement(item).getAttribute("data-lat"));
            assertThat(Double.parseDouble(firstLat)).isCloseTo(-12.1211, org.assertj.core.data.Offset.offset(1e-5));
            browser.waiting().until(d -> "true".equals(browser.js(
                    "return document.getElementById('live-indicator').classList.contains('on') ? 'true' : 'false'")));
            Object pageId = browser.js("return window.alterna.pageId");

            assertThat(device.send(Instant.now(), -12.0950, -77.0420, 79)).isEqualTo(1);
            browser.waiting().until(d -> {
                String lat = d.findElement(item).getAttribute("data-lat");
                return lat != null && !lat.isEmpty() && Math.abs(Double.parseDouble(lat) + 12.0950) < 1e-5;
            });
            @SuppressWarnings("unchecked")
            List<Number> marker = (List<Number>) browser.js("const ll = window.alterna.markers.get(arguments[0]).getLatLng();"
                    + " return [ll.lat, ll.lng];", orderId);
            assertThat(marker.get(0).doubleValue()).isCloseTo(-12.0950, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(marker.get(1).doubleValue()).isCloseTo(-77.0420, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(browser.js("return window.alterna.pageId")).as("no reload").isEqualTo(pageId);
            browser.waiting().until(d -> d.findElement(item).getText().contains("79 %"));
            browser.js("window.alterna.map.setView([-12.105, -77.036], 14)");
            browser.screenshot("live-map");
            browser.assertNoBrowserErrors();

            // the person view: status, conditions and the track just sent
            browser.openLoaded("/console/orders/" + orderId);
            browser.waiting().until(d -> d.findElement(By.id("track-count")).getText().startsWith("2 "));
            assertThat(browser.find("last-fix").getText()).isNotEqualTo("Sin posición");
            assertThat(browser.find("zone-list").getText()).contains("domicilio");
            browser.find("track-play").click();
            browser.waiting().until(d -> d.findElement(By.id("track-play")).getText().equals("Reproducir"));
            browser.screenshot("person-view");
            browser.assertNoBrowserErrors();
        }
    }

    @Test
    @Order(4)
    void theJudgeDrawsAnExclusionZoneAndSavesItAsAVariation() {
        String orderId = orderedOrder("Luis", "Huamán Torres", -12.0464, -77.0428);
        browser.login("judge");
        browser.openLoaded("/console/orders/" + orderId);
        WebElement map = browser.find("conditions-map");
        browser.find("editor");
        new org.openqa.selenium.support.ui.Select(browser.find("zone-type")).selectByValue("EXCLUSION");
        browser.find("zone-id").sendKeys("colegio");
        browser.find("draw-polygon").click();
        Actions actions = new Actions(browser.driver);
        int w = map.getSize().getWidth();
        int h = map.getSize().getHeight();
        int[][] clicks = {{w / 5, -h / 5}, {w / 3, -h / 5}, {w / 3, h / 8}};
        for (int[] c : clicks) {
            actions.moveToElement(map, c[0], c[1]).click().perform();
        }
        assertThat(browser.find("draw-status").getText()).isEqualTo("3 puntos");
        browser.find("draw-finish").click();
        browser.waiting().until(d -> d.findElement(By.id("zone-list")).getText().contains("colegio"));
        // a circle too, with its radius
        browser.find("circle-radius").clear();
        browser.find("circle-radius").sendKeys("300");
        browser.find("draw-circle").click();
        actions.moveToElement(map, -w / 4, h / 4).click().perform();
        browser.waiting().until(d -> d.findElement(By.id("zone-list")).getText().contains("300 m"));
        // a night-time schedule for the school zone
        browser.driver.findElement(By.cssSelector("#zone-list li[data-zone='colegio'] button")).click();
        browser.find("schedule-add").click();
        browser.find("schedule-apply").click();
        browser.waiting().until(d -> d.findElement(By.cssSelector("#zone-list li[data-zone='colegio']")).getText().contains("20:00–06:00"));

        browser.find("var-number").sendKeys("RES-0207-2026");
        browser.js("document.getElementById('cond-h').scrollIntoView()");
        browser.screenshot("conditions-editor");
        browser.find("variation-save").click();
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#variation-list li[data-version='2']")).isEmpty());
        assertThat(browser.find("notice").getText()).isEqualTo("Variación guardada.");

        var conditions = judge.get("/api/v1/orders/" + orderId + "/conditions").json();
        assertThat(conditions.get("version").intValue()).isEqualTo(2);
        assertThat(conditions.get("resolutionNumber").stringValue()).isEqualTo("RES-0207-2026");
        var zones = conditions.at("/conditions/zones");
        assertThat(zones.size()).isEqualTo(3);
        var school = zones.get(1);
        assertThat(school.get("id").stringValue()).isEqualTo("colegio");
        assertThat(school.get("type").stringValue()).isEqualTo("EXCLUSION");
        assertThat(school.at("/geometry/type").stringValue()).isEqualTo("Polygon");
        assertThat(school.at("/geometry/coordinates/0").size()).isEqualTo(4);
        assertThat(school.at("/schedule/0/from").stringValue()).isEqualTo("20:00");
        assertThat(zones.get(2).at("/geometry/type").stringValue()).isEqualTo("Point");
        assertThat(zones.get(2).get("radiusMeters").doubleValue()).isEqualTo(300.0);
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(5)
    void theSupervisorReportsViabilityAndSeesTheDashboards() {
        String orderId = requestedOrder("Ana", "Flores Ríos", -12.07, -77.05);
        browser.login("supervisor");
        browser.openLoaded("/console/orders/" + orderId);
        new org.openqa.selenium.support.ui.Select(browser.find("via-gsm")).selectByValue("WEAK");
        browser.find("via-obs").sendKeys("Cobertura GSM débil en el segundo piso");
        browser.find("viability-save").click();
        browser.waiting().until(d -> d.findElement(By.id("order-status")).getText().equals("Con informe de viabilidad"));
        assertThat(supervisor.get("/api/v1/orders/" + orderId).json().get("status").stringValue())
                .isEqualTo("VIABILITY_REPORTED");

        browser.openLoaded("/console/devices");
        assertThat(browser.find("devices-summary").getText()).contains("dispositivos");
        browser.openLoaded("/console/dashboard");
        browser.find("centres-table");
        browser.screenshot("dashboard");
        browser.openLoaded("/console/orders");
        browser.find("new-order");
        browser.screenshot("orders");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(6)
    void judgeAndProsecutorSeeTheirCasesOnly() {
        String orderId = orderedOrder("Pedro", "Condori Apaza", -12.05, -77.03);
        browser.login("judge2");
        browser.openLoaded("/console/orders");
        assertThat(browser.find("orders-total").getText()).isEqualTo("0 casos");
        browser.login("judge");
        browser.openLoaded("/console/orders");
        assertThat(browser.driver.findElements(By.cssSelector("#orders-table tbody tr[data-order]"))).isNotEmpty();
        browser.openLoaded("/console/orders/" + orderId);
        assertThat(browser.find("days-monitored").getText()).matches("\\d+");
        assertThat(browser.find("court-report").getText()).isNotBlank();
        browser.screenshot("judge-case");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(7)
    void screenshotsForTheReadme() throws Exception {
        Path docs = Path.of("docs/screenshots");
        Files.createDirectories(docs);
        for (String name : List.of("live-map", "conditions-editor")) {
            Path shot = Browser.SCREENSHOTS.resolve(name + ".png");
            assertThat(shot).exists();
            Files.copy(shot, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
