package org.alterna.console;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.gateway.GatewayPorts;
import org.alterna.gateway.TeltonikaClient;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.assertj.core.data.Offset;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in a real Chromium against the real application: login and navigation per role, the language
 * switch, a fix sent over a Teltonika TCP socket moving the person's marker on the live map, a real zone breach
 * reaching the operator's alarm queue live and worked to resolution, the INPE supervisor drawing zones saved as a
 * variation, the dashboard chart, the judge's compliance view, and screenshots of the main screens. Any error in
 * the browser console fails the test.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final ZoneId LIMA = ZoneId.of("America/Lima");
    /** House arrest at home (-12.12, -77.03), a 100 m circle, as in the supervision engine's end-to-end test. */
    static final String HOUSE_ARREST = """
            {"zones":[{"id":"home","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
              "radiusMeters":100}],"noCommunicationMinutes":30,"lowBatteryPercent":15}""";

    @LocalServerPort
    int port;

    @Autowired
    GatewayPorts gatewayPorts;
    @Autowired
    org.alterna.orders.PoliceAccess policeAccess;

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
                "role", "PERSON_UNIT", "from", Instant.now().minus(5, ChronoUnit.MINUTES).toString()));
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
                "admin", List.of("nav-map", "nav-alarms", "nav-orders", "nav-devices", "nav-dashboard", "nav-funnel",
                        "nav-eligibility", "nav-overcrowding", "nav-audit", "nav-notifications"),
                "supervisor", List.of("nav-map", "nav-alarms", "nav-orders", "nav-devices", "nav-dashboard",
                        "nav-funnel", "nav-eligibility", "nav-overcrowding"),
                "operator", List.of("nav-map", "nav-alarms", "nav-orders", "nav-funnel"),
                "judge", List.of("nav-orders", "nav-eligibility"),
                "prosecutor", List.of("nav-orders", "nav-eligibility"),
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
        browser.openLoaded("/console/alarms");
        assertThat(browser.find("alarm-count").getText()).endsWith("open alarms");
        assertThat(browser.driver.findElement(By.cssSelector("#alarm-filter option[value='all']")).getText())
                .isEqualTo("All (including resolved)");
        browser.openLoaded("/console/orders");
        assertThat(browser.find("nav-orders").getText()).isEqualTo("Cases");
        browser.find("lang-es").click();
        browser.waitLoaded();
        assertThat(browser.find("nav-orders").getText()).isEqualTo("Casos");
        browser.assertNoBrowserErrors();
    }

    // ------------------------------------------------------------------ a real breach through the gateway

    /** The walk-out of the engine's end-to-end test: 5 fixes at home, then ~900 m north, a fix a minute. */
    static List<TeltonikaClient.Rec> walkOut(Instant start) {
        List<TeltonikaClient.Rec> recs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recs.add(TeltonikaClient.Rec.at(start.plusSeconds(60L * i).toEpochMilli(), -12.12, -77.03));
        }
        for (int i = 1; i <= 10; i++) {
            double lat = -12.12 + Math.min(i, 8) * 0.00105;
            recs.add(new TeltonikaClient.Rec(start.plusSeconds(60L * (4 + i)), lat, -77.03, 9, 6));
        }
        return recs;
    }

    void walkOut(String imei) throws Exception {
        try (TeltonikaClient device = TeltonikaClient.connect(gatewayPorts.port("teltonika"))) {
            assertThat(device.login(imei)).isEqualTo(1);
            for (TeltonikaClient.Rec rec : walkOut(Instant.now().minusSeconds(20 * 60))) {
                device.send(TeltonikaClient.avlPacket(List.of(rec)));
                assertThat(device.readAck()).isEqualTo(1);
            }
        }
    }

    /** The id of the (first) alarm of the order on the desk, waiting for the live engine to raise it. */
    String alarmOf(String orderId) {
        return await("an alarm for order " + orderId).atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> operator.get("/api/v1/alarms?orderId=" + orderId).json(), list -> list.size() > 0)
                .get(0).get("id").stringValue();
    }

    /** Centre of the element on the screen and whether it lies inside the map, or null if it is not drawn. */
    @SuppressWarnings("unchecked")
    List<Number> onScreen(String css) {
        return (List<Number>) browser.js("""
                const e = document.querySelector(arguments[0]);
                if (!e) return null;
                const icon = e.closest('.leaflet-marker-icon') || e;
                const r = icon.getBoundingClientRect(), m = document.getElementById('map').getBoundingClientRect();
                const inside = r.width > 0 && r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom;
                return [r.left + r.width / 2, r.top + r.height / 2, inside ? 1 : 0];""", css);
    }

    /** The marker's position once the map has stopped moving (two reads 300 ms apart agree), inside the map. */
    List<Number> settled(String css) {
        List<Number>[] last = new List[1];
        return browser.waiting().until(d -> {
            List<Number> now = onScreen(css);
            boolean same = now != null && last[0] != null && now.get(2).intValue() == 1
                    && Math.abs(now.get(0).doubleValue() - last[0].get(0).doubleValue()) < 0.5
                    && Math.abs(now.get(1).doubleValue() - last[0].get(1).doubleValue()) < 0.5;
            last[0] = now;
            if (!same) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }
            return now;
        });
    }

    boolean liveOn() {
        return Boolean.TRUE.equals(browser.js("return document.getElementById('live-indicator').classList.contains('on')"));
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(3)
    void theMarkerIsOnTheMapAndMovesWhenAFixArrivesWithoutReload() throws Exception {
        String imei = imei();
        String orderId = activeOrderWithDevice("Rosa", "Quispe Mamani", -12.1211, -77.0301, imei);
        try (Teltonika device = new Teltonika(gatewayPorts.port("teltonika"), imei)) {
            // (two minutes apart: the moves below are a walk and a ride, not jumps the gateway marks as impossible)
            assertThat(device.send(Instant.now().minusSeconds(240), -12.1211, -77.0301, 80)).isEqualTo(1);

            browser.login("operator");
            browser.openLoaded("/console/map");
            browser.waiting().until(d -> liveOn());
            Object pageId = browser.js("return window.alterna.pageId");
            By item = By.cssSelector("#people-list li[data-order='" + orderId + "']");
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(item));
            // on opening, the map fits everyone in scope: the marker is drawn (CSS, no image) and visible
            String css = ".leaflet-marker-pane .leaflet-marker-icon.person-marker span[data-order='" + orderId + "']";
            browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
            assertThat(settled(css)).isNotNull();
            // the operator locates the person: the marker (drawn with CSS, no image) is visible on the map
            browser.click(By.cssSelector("#people-list li[data-order='" + orderId + "'] button"));
            WebElement marker = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
            assertThat(marker.isDisplayed()).isTrue();
            List<Number> before = settled(css);
            browser.js("window.alterna.map.closePopup()");

            // a neighbour is already where the person is going: clustered together, the person would vanish
            String neighbourImei = imei();
            String neighbour = activeOrderWithDevice("Luz", "Huamán Rojas", -12.1184, -77.0301, neighbourImei);
            try (Teltonika other = new Teltonika(gatewayPorts.port("teltonika"), neighbourImei)) {
                assertThat(other.send(Instant.now(), -12.1184, -77.0301, 90)).isEqualTo(1);
            }
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#people-list li[data-order='" + neighbour + "']")));

            // 300 m north: the marker moves up on the screen, the page stays the same
            assertThat(device.send(Instant.now().minusSeconds(120), -12.1184, -77.0301, 79)).isEqualTo(1);
            browser.waiting().until(d -> {
                List<Number> now = onScreen(css);
                return now != null && now.get(2).intValue() == 1 && now.get(1).doubleValue() < before.get(1).doubleValue() - 50;
            });
            List<Number> after = settled(css);
            assertThat(after.get(0).doubleValue()).as("moved north only").isCloseTo(before.get(0).doubleValue(), Offset.offset(3.0));
            assertThat(browser.driver.findElement(By.cssSelector(css)).isDisplayed()).isTrue();
            String lat = browser.attribute(item, "data-lat");
            assertThat(Double.parseDouble(lat)).isCloseTo(-12.1184, Offset.offset(1e-5));
            browser.waiting().until(d -> d.findElement(item).getText().contains("79 %"));
            assertThat(browser.js("return window.alterna.pageId")).as("no reload").isEqualTo(pageId);

            // 3 km further (out of the view at this zoom): the map follows the located person
            assertThat(device.send(Instant.now(), -12.0950, -77.0420, 78)).isEqualTo(1);
            browser.waiting().until(d -> "-12.095".equals(d.findElement(item).getAttribute("data-lat")));
            List<Number> far = settled(css);
            assertThat(far.get(2).intValue()).as("inside the map").isEqualTo(1);
            assertThat(browser.driver.findElement(By.cssSelector(css)).isDisplayed()).isTrue();
            assertThat(browser.js("return window.alterna.pageId")).as("no reload").isEqualTo(pageId);
            browser.assertNoBrowserErrors();

            // the person view: status, conditions and the track just sent
            browser.openLoaded("/console/orders/" + orderId);
            browser.waiting().until(d -> d.findElement(By.id("track-count")).getText().startsWith("3 "));
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
    void aRealBreachReachesTheOperatorsQueueLiveAndIsWorkedToResolution() throws Exception {
        String orderId = ActiveOrders.create(port, "HOUSE_ARREST", HOUSE_ARREST);
        String imei = ActiveOrders.device(port, orderId, "PERSON_UNIT");
        browser.login("operator");
        browser.openLoaded("/console/alarms");
        browser.waiting().until(d -> liveOn());
        Object pageId = browser.js("return window.alterna.pageId");
        By row = By.cssSelector("#alarm-queue tr[data-order='" + orderId + "']");
        assertThat(browser.driver.findElements(row)).isEmpty();

        walkOut(imei);
        WebElement tr = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(browser.js("return window.alterna.pageId")).as("arrived without reload").isEqualTo(pageId);
        String alarmId = tr.getAttribute("data-alarm");
        assertThat(tr.getText()).contains("Salida de zona de inclusión", "Grave", "Abierta");
        // the SLA countdown runs in the page
        String first = tr.findElement(By.cssSelector("td.countdown")).getText();
        assertThat(first).matches("Reconocer en \\d\\d:\\d\\d");
        browser.waiting().until(d -> !d.findElement(row).findElement(By.cssSelector("td.countdown")).getText().equals(first));

        // the alarm is on the live map too, next to the person
        browser.openLoaded("/console/map");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".leaflet-marker-icon.alarm-marker span[data-alarm='" + alarmId + "']")));
        assertThat(browser.find("map-alarms").getText()).contains("Salida de zona de inclusión");
        // the operator locates the person: drawn on their own, never hidden in a cluster of people nearby
        By person = By.cssSelector("#people-list li[data-order='" + orderId + "'] button");
        browser.click(person);
        browser.js("window.alterna.map.closePopup()");
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".leaflet-marker-icon.person-marker span[data-order='" + orderId + "']")));
        Thread.sleep(300); // let the cluster layer finish drawing before the picture
        browser.screenshot("live-map");
        browser.assertNoBrowserErrors();

        // back to the desk, opened on this alarm
        browser.openLoaded("/console/alarms#" + alarmId);
        browser.waiting().until(d -> alarmId.equals(d.findElement(By.id("alarm-detail")).getAttribute("data-alarm")));
        assertThat(browser.find("alarm-status").getAttribute("data-status")).isEqualTo("OPEN");
        assertThat(browser.find("resolve-wait").isDisplayed()).isTrue();
        browser.find("alarm-ack").click();
        browser.waiting().until(d -> "ACKNOWLEDGED".equals(d.findElement(By.id("alarm-status")).getAttribute("data-status")));
        assertThat(browser.find("alarm-fields").getText()).contains("operator");

        // the protocol: call the person
        browser.find("step-call-person").click();
        browser.waiting().until(d -> {
            WebElement cb = d.findElement(By.id("step-call-person"));
            return cb.isSelected() && !cb.isEnabled();
        });
        // the checklist is re-rendered when the desk's live event for this step arrives: read it when it settles
        browser.waiting().until(d -> d.findElement(By.cssSelector("#alarm-checklist li[data-step='call-person']"))
                .getText().contains("hecho por operator"));
        Boolean nextStepOpen = browser.waiting().until(d -> !d.findElement(By.id("step-request-return")).isSelected());
        assertThat(nextStepOpen).as("the next step is still to do").isTrue();
        browser.js("window.scrollTo(0, 0)");
        browser.screenshot("alarm-queue");

        // resolving needs a code and a note: the server's answer is shown
        new org.openqa.selenium.support.ui.Select(browser.find("resolve-code")).selectByValue("CONFIRMED_VIOLATION");
        browser.find("alarm-resolve-submit").click();
        WebElement error = browser.find("resolve-error");
        assertThat(error.getText()).startsWith("No se pudo resolver: note");
        assertThat(browser.browserLog()).as("only the refused resolution").allMatch(e -> e.getMessage().contains("400"));
        assertThat(browser.find("alarm-status").getAttribute("data-status")).isEqualTo("ACKNOWLEDGED");

        browser.find("resolve-note").sendKeys("Salió de su domicilio; regresó tras la llamada. Se informa al juzgado.");
        browser.find("alarm-resolve-submit").click();
        browser.waiting().until(d -> "RESOLVED".equals(d.findElement(By.id("alarm-status")).getAttribute("data-status")));
        assertThat(browser.find("alarm-status").getText()).isEqualTo("Resuelta");
        assertThat(browser.find("alarm-resolution").getText()).contains("Incumplimiento confirmado", "operator");
        assertThat(browser.find("notice").getText()).isEqualTo("Alarma resuelta.");
        assertThat(browser.attribute(row, "data-status")).isEqualTo("RESOLVED");
        var stored = operator.get("/api/v1/alarms/" + alarmId).json();
        assertThat(stored.at("/alarm/status").stringValue()).isEqualTo("RESOLVED");
        assertThat(stored.get("resolutionCode").stringValue()).isEqualTo("CONFIRMED_VIOLATION");
        assertThat(stored.at("/checklist/0/done").booleanValue()).isTrue();
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(5)
    void theSupervisorDrawsZonesAndSavesThemAsAVariation() {
        String orderId = orderedOrder("Luis", "Huamán Torres", -12.0464, -77.0428);
        browser.login("supervisor");
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
        assertThat(browser.find("variation-list").getText()).contains("RES-0207-2026", "supervisor");

        var conditions = supervisor.get("/api/v1/orders/" + orderId + "/conditions").json();
        assertThat(conditions.get("version").intValue()).isEqualTo(2);
        assertThat(conditions.get("resolutionNumber").stringValue()).isEqualTo("RES-0207-2026");
        assertThat(conditions.get("author").stringValue()).isEqualTo("supervisor");
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
    @Order(6)
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
        // the alarm figures: totals of the last 30 days and a uPlot chart of the last 14 days
        assertThat(browser.find("alarms-30d").getText()).matches("\\d+");
        WebElement canvas = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#alarm-chart .uplot canvas")));
        assertThat(canvas.getSize().getWidth()).isGreaterThan(200);
        assertThat(browser.js("return window.alterna.chart.data[0].length")).isEqualTo(14L);
        assertThat(browser.find("alarm-chart").getText()).contains("Día", "Generadas", "Resueltas").doesNotContain("Time");
        browser.screenshot("dashboard");
        browser.openLoaded("/console/orders");
        browser.find("new-order");
        browser.screenshot("orders");
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(7)
    void theJudgeSeesComplianceAndIncidentReportsOfTheirCasesOnly() throws Exception {
        // a confirmed breach: a real walk-out, resolved by the operator as a violation
        String orderId = ActiveOrders.create(port, "HOUSE_ARREST", HOUSE_ARREST);
        walkOut(ActiveOrders.device(port, orderId, "PERSON_UNIT"));
        String alarmId = alarmOf(orderId);
        assertThat(operator.post("/api/v1/alarms/" + alarmId + "/acknowledgement", Map.of()).status()).isEqualTo(200);
        assertThat(operator.post("/api/v1/alarms/" + alarmId + "/resolution", Map.of("code", "CONFIRMED_VIOLATION",
                "note", "Salió de su domicilio sin autorización.")).status()).isEqualTo(200);

        browser.login("judge2");
        browser.openLoaded("/console/orders");
        assertThat(browser.driver.findElements(By.cssSelector("#orders-table tr[data-order='" + orderId + "']"))).isEmpty();
        browser.openLoaded("/console/orders/" + orderId);
        assertThat(browser.find("order-title").getText()).isEqualTo("Caso no encontrado o fuera de su ámbito.");
        assertThat(browser.driver.findElements(By.id("breach-count"))).isEmpty();
        assertThat(browser.browserLog()).as("only the refused case").allMatch(e -> e.getMessage().contains("404"));

        browser.login("judge");
        browser.openLoaded("/console/orders");
        browser.driver.findElement(By.cssSelector("#orders-table tr[data-order='" + orderId + "'] a")).click();
        browser.waitLoaded();
        assertThat(browser.find("order-status").getText()).isEqualTo("Activa");
        assertThat(browser.find("days-monitored").getText()).matches("\\d+");
        assertThat(browser.find("breach-count").getText()).isEqualTo("1");
        assertThat(browser.find("alarm-total").getText()).isEqualTo("1");
        assertThat(browser.driver.findElement(By.cssSelector("#breaches li[data-type='INCLUSION_ZONE']")).getText())
                .isEqualTo("Salida de zona de inclusión: 1");
        List<WebElement> reports = browser.driver.findElements(By.cssSelector("#incident-reports li.incident"));
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).getText()).contains("Salida de zona de inclusión", "Pendiente de envío",
                "Salió de su domicilio sin autorización.");
        browser.screenshot("judge-case");

        // the police's access to the case: the judge authorises it for a period and a reason, then revokes it;
        // every look the police had is listed
        policeAccess.record(new org.alterna.identity.Actor("police", org.alterna.identity.Role.POLICE, null, "Lima",
                null), java.util.UUID.fromString(orderId), org.alterna.orders.PoliceAccess.Basis.ALARM, alarmId,
                "alarm list: INCLUSION_ZONE and its current position", org.alterna.orders.PoliceAccess.Channel.REST);
        browser.openLoaded("/console/orders/" + orderId);
        assertThat(browser.find("police-section").isDisplayed()).isTrue();
        assertThat(browser.find("police-access").getText()).contains("police", alarmId);
        browser.js("document.getElementById('police-until').value = arguments[0]",
                LocalDate.now(LIMA).plusDays(2) + "T18:00");
        browser.find("police-reason").sendKeys("Búsqueda tras la salida no autorizada");
        browser.find("police-grant").click();
        browser.waiting().until(d -> d.findElement(By.id("police-authorisations")).getText().contains("vigente"));
        assertThat(browser.find("police-authorisations").getText()).contains("Policía de Lima",
                "Búsqueda tras la salida no autorizada");
        browser.driver.findElement(By.cssSelector("#police-authorisations button[data-revoke]")).click();
        browser.waiting().until(d -> d.findElement(By.id("police-authorisations")).getText().contains("revocada"));

        // a warning (amonestación) and then the revocation, from the order page
        browser.find("warnings-resolutionNumber").sendKeys("RES-0311-2026");
        browser.find("warnings-text").sendKeys("Se le amonesta por salir de su domicilio sin autorización.");
        browser.find("action-warnings-submit").click();
        browser.waiting().until(d -> d.findElement(By.id("warning-count")).getText().equals("1"));
        browser.find("revocation-resolutionNumber").sendKeys("RES-0312-2026");
        browser.find("action-revocation-submit").click();
        browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();
        browser.waiting().until(d -> d.findElement(By.id("order-status")).getText().equals("Revocada"));
        assertThat(judge.get("/api/v1/orders/" + orderId).json().get("status").stringValue()).isEqualTo("REVOKED");
        assertThat(judge.get("/api/v1/orders/" + orderId + "/warnings").json().size()).isEqualTo(1);
        browser.assertNoBrowserErrors();
    }

    @Test
    @Order(8)
    void screenshotsForTheReadme() throws Exception {
        Path docs = Path.of("docs/screenshots");
        Files.createDirectories(docs);
        for (String name : List.of("live-map", "alarm-queue", "conditions-editor")) {
            Path shot = Browser.SCREENSHOTS.resolve(name + ".png");
            assertThat(shot).exists();
            Files.copy(shot, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
