package org.alterna.console;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.alterna.gateway.GatewayPorts;
import org.alterna.gateway.TeltonikaClient;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Stored cross-site scripting, tried in a real Chromium. Script payloads are stored in every field a user can type
 * (a person's names and address, a judge's and a court's name, the prosecutor, zone and route ids, resolution
 * numbers, installation and activation notes, viability observations, device models, alarm step notes, escalation
 * reasons, resolution notes, warnings, API token and notification rule names, a penal establishment's name and
 * office, a dead notification's target and the error its receiver answered, and a zone id and resolution number
 * typed into the conditions editor), then every page that shows them is opened by the roles that see them, with
 * every map tooltip and popup open. Each page must show each payload as literal text, and nothing may have run or
 * been created from it: no flag set, no image, SVG, frame, handler attribute, inline script or {@code javascript:}
 * link in the page, no request for the image, no error in the browser console.
 * <p>
 * The Content-Security-Policy would stop most of these payloads on its own; to prove that the pages never turn user
 * text into markup, this test tells Chromium to ignore the policy ({@code Page.setBypassCSP}). The last test shows
 * the policy at work without the bypass.
 */
@H2Test
// its own database: the payloads (a court, a judge, a penal establishment…) must not show up in the data that other
// tests count in the shared one
@TestPropertySource(properties = "alterna.test.database=stored-xss")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoredXssBrowserTest {
    static final ZoneId LIMA = ZoneId.of("America/Lima");

    /** {@code TAG<img src=x onerror=…>}: shown literally it reads so; as markup its handler sets window.pwned. */
    static String img(String tag) {
        return tag + "<img src=x onerror=\"window.pwned='" + tag + "'\">";
    }

    static String script(String tag) {
        return tag + "<script>window.pwned='" + tag + "'</script>";
    }

    static String svg(String tag) {
        return tag + "\"><svg onload=\"window.pwned='" + tag + "'\">";
    }

    static String jsUrl(String tag) {
        return "javascript:window.pwned='" + tag + "'//" + tag;
    }

    static final String GIVEN = img("GN1");
    static final String SURNAMES = svg("SN2");
    static final String ADDRESS = script("AD3");
    static final String JUDGE_NAME = img("JN4");
    static final String COURT_NAME = svg("CN5");
    static final String PROSECUTOR = script("PR6");
    static final String RESOLUTION = img("RN7");
    static final String HOME_ZONE = img("ZI8");
    static final String SCHOOL_ZONE = svg("ZE9");
    static final String ROUTE = script("RT10");
    static final String INSTALL_NOTE = jsUrl("IN11");
    static final String ACTIVATION_NOTE = img("AN12");
    static final String OBSERVATIONS = svg("VO13");
    static final String MODEL = img("DM14");
    static final String STEP_NOTE = script("SP15");
    static final String ESCALATION = svg("ER16");
    static final String RESOLUTION_NOTE = img("RS17");
    static final String WARNING = script("WT18");
    static final String WARNING_RESOLUTION = jsUrl("WR19");
    static final String TOKEN = img("TK20");
    static final String WEBHOOK = svg("WH21");
    static final String TYPED_ZONE = img("ED22");
    static final String TYPED_RESOLUTION = svg("VR23");
    static final String CENTRE = img("PC24");
    static final String OFFICE = script("RO25");
    static final String DEAD_TARGET = img("NT26");
    static final String DEAD_ERROR = svg("NE27");
    static final String POLICE_REASON = img("PA28");
    static final String HOLD_REASON = svg("LH29");
    static final String LIFT_REASON = script("LL30");

    @LocalServerPort
    int port;
    @Autowired
    GatewayPorts gatewayPorts;
    @Autowired
    JdbcClient jdbc;

    Browser browser;
    Api admin;
    Api supervisor;
    Api judge;
    Api operator;
    String orderId;
    String imei;
    String alarmId;

    @BeforeAll
    void storePayloads() throws Exception {
        admin = Api.as(port, "admin");
        supervisor = Api.as(port, "supervisor");
        judge = Api.as(port, "judge");
        operator = Api.as(port, "operator");
        for (String court : List.of("JIP-LIMA-01", "JIP-LIMA-02")) {
            assertThat(admin.post("/api/v1/courts", Map.of("code", court, "name", "Juzgado " + court,
                    "judicialDistrict", "Lima", "region", "Lima")).status()).isIn(201, 409);
        }
        ok(admin.post("/api/v1/courts", Map.of("code", "JIP-XSS-" + port, "name", COURT_NAME,
                "judicialDistrict", "Lima", "region", "Lima")), 201, 409);
        long judgeId = ok(admin.post("/api/v1/judges", Map.of("fullName", JUDGE_NAME, "courtCode", "JIP-LIMA-01")),
                201).json().get("id").asLong();
        String dni = String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
        String personId = ok(supervisor.post("/api/v1/people", Map.of("dni", dni, "givenNames", GIVEN,
                "surnames", SURNAMES, "synthetic", true,
                "domicile", Map.of("address", ADDRESS, "lat", -12.12, "lon", -77.03))), 201)
                .json().get("id").stringValue();
        orderId = ok(supervisor.post("/api/v1/orders", Map.of("expediente", "00777-2026-1-1801-JR-PE-01",
                "courtCode", "JIP-LIMA-01", "judgeId", judgeId, "measureType", "HOUSE_ARREST", "personId", personId,
                "monitoringCentre", "CM-LIMA", "prosecutor", PROSECUTOR, "synthetic", true)), 201)
                .json().get("id").stringValue();
        ok(supervisor.post("/api/v1/orders/" + orderId + "/viability-report", Map.of("gpsCoverage", "GOOD",
                "gsmCoverage", "GOOD", "addressVerified", true, "conclusion", "VIABLE", "observations", OBSERVATIONS)),
                200);
        String today = LocalDate.now(LIMA).toString();
        Map<String, Object> conditions = Map.of(
                "zones", List.of(
                        Map.of("id", HOME_ZONE, "type", "INCLUSION", "radiusMeters", 100,
                                "geometry", Map.of("type", "Point", "coordinates", List.of(-77.03, -12.12))),
                        Map.of("id", SCHOOL_ZONE, "type", "EXCLUSION", "geometry", Map.of("type", "Polygon",
                                "coordinates", List.of(List.of(List.of(-77.05, -12.14), List.of(-77.04, -12.14),
                                        List.of(-77.04, -12.13), List.of(-77.05, -12.13), List.of(-77.05, -12.14)))))),
                "routes", List.of(Map.of("id", ROUTE, "corridorMeters", 100,
                        "window", Map.of("days", List.of("SUN"), "from", "03:00", "to", "03:05"),
                        "geometry", Map.of("type", "LineString", "coordinates",
                                List.of(List.of(-77.03, -12.12), List.of(-77.02, -12.11))))),
                "noCommunicationMinutes", 60);
        ok(judge.post("/api/v1/orders/" + orderId + "/resolution", Map.of("resolutionNumber", RESOLUTION,
                "resolutionDate", today, "startDate", today, "effectiveFrom", "2020-01-01T00:00:00Z",
                "conditions", conditions)), 200);
        ok(operator.post("/api/v1/orders/" + orderId + "/installation", Map.of("scheduledAt",
                Instant.now().toString(), "note", INSTALL_NOTE)), 200);
        ok(operator.post("/api/v1/orders/" + orderId + "/activation", Map.of("note", ACTIVATION_NOTE)), 200);
        imei = "35" + String.format("%013d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
        ok(supervisor.post("/api/v1/devices", Map.of("uniqueId", imei, "model", MODEL, "protocol", "teltonika")),
                201);
        ok(supervisor.post("/api/v1/devices/" + imei + "/assignment", Map.of("orderId", orderId,
                "role", "PERSON_UNIT", "from", Instant.now().minus(14, ChronoUnit.MINUTES).toString())), 201);
        ok(admin.send("POST", "/api/v1/penal-centres/import", String.join("\n",
                "code,name,regional_office,department,city,lat,lon,capacity,population,procesados,sentenciados,"
                        + "figures_date,source",
                "999," + csv(CENTRE) + "," + csv(OFFICE) + ",Lima,Lima,-12.10,-77.02,100,120,50,70,2026-01-31,prueba"),
                "text/csv"), 200);
        ok(admin.post("/api/v1/tokens", Map.of("name", TOKEN, "validDays", 1)), 201);
        // a notification that failed every attempt, as the dispatcher leaves it: its target was typed by an
        // administrator, its error is whatever the receiver answered
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("""
                INSERT INTO notification_outbox (id, event, channel, target, receiver, subject, body, status, attempts,
                    next_attempt_at, last_error, created_at) VALUES (?, 'RAISED', 'SMS', ?, 'SMS', 's', 'b', 'DEAD', 8,
                    ?, ?, ?)""").params(UUID.randomUUID(), DEAD_TARGET, now, DEAD_ERROR, now).update();
        ok(admin.post("/api/v1/notification-rules", Map.of("name", WEBHOOK, "events", List.of("RAISED"),
                "alarmTypes", List.of("STRAP_TAMPER"), "channel", "WEBHOOK",
                "addresses", List.of("https://203.0.113.10/alterna"), "secret", "0123456789abcdef0123456789abcdef",
                "enabled", false)), 201);

        // the person walks out of the home zone: the live engine raises an alarm whose zone is the payload
        try (TeltonikaClient device = TeltonikaClient.connect(gatewayPorts.port("teltonika"))) {
            assertThat(device.login(imei)).isEqualTo(1);
            for (TeltonikaClient.Rec rec : ConsoleBrowserTest.walkOut(Instant.now().minusSeconds(13 * 60))) {
                device.send(TeltonikaClient.avlPacket(List.of(rec)));
                assertThat(device.readAck()).isEqualTo(1);
            }
        }
        alarmId = await("the walk-out raised an alarm").atMost(java.time.Duration.ofSeconds(15))
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> operator.get("/api/v1/alarms?orderId=" + orderId).json(), list -> list.size() > 0)
                .get(0).get("id").stringValue();
        browser = new Browser(port);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    static String csv(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    static Api.Response ok(Api.Response r, Integer... status) {
        assertThat(r.status()).as(r.toString()).isIn((Object[]) status);
        return r;
    }

    // ------------------------------------------------------------------ checks

    /** Logs in and makes Chromium ignore the Content-Security-Policy from now on in this tab. */
    void loginWithoutCsp(String user) {
        browser.driver.get("about:blank"); // the previous page makes no more requests once logged out
        browser.browserLog();
        browser.login(user);
        ((ChromeDriver) browser.driver).executeCdpCommand("Page.setBypassCSP", Map.of("enabled", true));
    }

    void open(String path) {
        browser.openLoaded(path);
    }

    /** Opens every tooltip of every layer of the given maps (Leaflet renders a tooltip only while it is open). */
    void openTooltips(String mapsExpression) {
        browser.js("for (const m of " + mapsExpression + ") { if (!m) continue; m.eachLayer(l => {"
                + " if (l.getTooltip && l.getTooltip()) l.openTooltip(); }); }");
    }

    String visibleText() {
        return (String) browser.js("return document.body.innerText");
    }

    /** Each payload is on the page as text, exactly as typed. */
    void assertShown(String where, String text, String... payloads) {
        for (String p : payloads) {
            assertThat(text).as(where + " shows " + p.substring(0, 4) + " literally").contains(p);
        }
    }

    /** Nothing of any payload ran or became an element. */
    void assertInert(String where) {
        assertThat(browser.js("return window.pwned === undefined ? null : String(window.pwned)"))
                .as(where + ": a payload ran").isNull();
        @SuppressWarnings("unchecked")
        List<String> injected = (List<String>) browser.js("""
                const found = [];
                for (const e of document.querySelectorAll('*')) {
                  for (const a of e.attributes) {
                    if (/^on/i.test(a.name)) found.push(e.tagName + '[' + a.name + ']');
                    if (/^\\s*javascript:/i.test(a.value) && /^(href|src|action|formaction|xlink:href)$/i.test(a.name))
                      found.push(e.tagName + '[' + a.name + '=' + a.value + ']');
                  }
                }
                for (const e of document.querySelectorAll('img[src="x"], iframe, object, embed'))
                  found.push(e.outerHTML.slice(0, 80));
                for (const s of document.querySelectorAll('script'))
                  if (!s.src && s.type !== 'application/json') found.push('inline script: ' + s.textContent.slice(0, 40));
                return found;""");
        assertThat(injected).as(where + ": elements made from user text").isEmpty();
        browser.assertNoBrowserErrors();
    }

    // ------------------------------------------------------------------ pages

    @Test
    @Order(0)
    void theAuditTrailShowsWhatWasTypedAsText() {
        for (String user : List.of("admin", "auditor")) {
            loginWithoutCsp(user);
            open("/console/audit");
            assertShown("audit trail (" + user + ")", visibleText(), TOKEN, WEBHOOK, INSTALL_NOTE, ACTIVATION_NOTE,
                    RESOLUTION);
            assertInert("audit trail (" + user + ")");
        }
    }

    @Test
    @Order(1)
    void theLiveMapShowsNamesZonesAndRoutesAsText() {
        loginWithoutCsp("operator");
        open("/console/map");
        By person = By.cssSelector("#people-list li[data-order='" + orderId + "']");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(person));
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".leaflet-marker-icon.alarm-marker span[data-alarm='" + alarmId + "']")));
        // the operator locates the person: the popup opens
        browser.click(By.cssSelector("#people-list li[data-order='" + orderId + "'] button"));
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".leaflet-popup-content")));
        browser.waiting().until(d -> browser.js("return document.getElementById('map').dataset.centres") != null);
        openTooltips("[window.alterna.map]");
        String text = visibleText();
        assertShown("map: people, popup, alarms", text, GIVEN, SURNAMES);
        String tooltips = (String) browser.js("return [...document.querySelectorAll('.leaflet-tooltip')]"
                + ".map(t => t.textContent).join('\\n')");
        assertShown("map tooltips", tooltips, HOME_ZONE, SCHOOL_ZONE, ROUTE, GIVEN, SURNAMES, CENTRE);
        assertThat(browser.find("people-list").findElement(By.cssSelector("li[data-order='" + orderId + "'] a"))
                .getText()).isEqualTo(GIVEN + " " + SURNAMES);
        assertInert("live map");
    }

    @Test
    @Order(2)
    void theAlarmDeskShowsTheZoneNotesAndReasonsAsText() {
        assertThat(operator.post("/api/v1/alarms/" + alarmId + "/acknowledgement", Map.of()).status()).isEqualTo(200);
        assertThat(operator.post("/api/v1/alarms/" + alarmId + "/steps/call-person", Map.of("note", STEP_NOTE))
                .status()).isEqualTo(200);
        assertThat(operator.post("/api/v1/alarms/" + alarmId + "/escalation", Map.of("reason", ESCALATION))
                .status()).isEqualTo(200);
        loginWithoutCsp("operator");
        open("/console/alarms#" + alarmId);
        browser.waiting().until(d -> alarmId.equals(d.findElement(By.id("alarm-detail")).getAttribute("data-alarm")));
        assertShown("alarm queue and detail", visibleText(), GIVEN, SURNAMES, HOME_ZONE, ESCALATION);
        assertInert("alarm desk, open alarm");

        // resolved from the page itself, with the note typed into the form
        new org.openqa.selenium.support.ui.Select(browser.find("resolve-code")).selectByValue("CONFIRMED_VIOLATION");
        browser.find("resolve-note").sendKeys(RESOLUTION_NOTE);
        browser.find("alarm-resolve-submit").click();
        browser.waiting().until(d -> "RESOLVED".equals(d.findElement(By.id("alarm-status")).getAttribute("data-status")));
        assertThat(browser.find("alarm-resolution").getText()).contains(RESOLUTION_NOTE);
        assertShown("alarm history", browser.find("alarm-history").getText(), ESCALATION, STEP_NOTE);
        assertInert("alarm desk, resolved alarm");
    }

    @Test
    @Order(3)
    void theOrderPageShowsEveryTextOfTheCaseAsText() {
        ok(judge.post("/api/v1/orders/" + orderId + "/warnings", Map.of("resolutionNumber", WARNING_RESOLUTION,
                "resolutionDate", LocalDate.now(LIMA).toString(), "text", WARNING)), 201);
        // the court's reasons on the order page: a police authorisation, a legal hold placed and lifted
        ok(judge.post("/api/v1/orders/" + orderId + "/police-authorisations", Map.of("until",
                Instant.now().plus(1, ChronoUnit.DAYS).toString(), "reason", POLICE_REASON)), 201);
        ok(judge.post("/api/v1/orders/" + orderId + "/legal-hold", Map.of("reason", HOLD_REASON)), 200, 201);
        ok(judge.post("/api/v1/orders/" + orderId + "/legal-hold/release", Map.of("reason", LIFT_REASON)), 200);
        // the operator: person status, the track with the zones, conditions
        loginWithoutCsp("operator");
        open("/console/orders/" + orderId);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(30))
                .until(d -> !d.findElement(By.id("track-count")).getText().isEmpty());
        openTooltips("Object.values(window.alterna.maps)");
        String text = visibleText();
        assertShown("order page (operator)", text, GIVEN, SURNAMES, JUDGE_NAME, PROSECUTOR, RESOLUTION, HOME_ZONE,
                SCHOOL_ZONE, ROUTE, INSTALL_NOTE, ACTIVATION_NOTE, WARNING, WARNING_RESOLUTION);
        String tooltips = (String) browser.js("return [...document.querySelectorAll('.leaflet-tooltip')]"
                + ".map(t => t.textContent).join('\\n')");
        assertShown("order page tooltips", tooltips, HOME_ZONE, SCHOOL_ZONE, ROUTE);
        assertThat(browser.driver.getTitle()).startsWith(GIVEN + " " + SURNAMES);
        assertInert("order page (operator)");

        // the judge: compliance, the incident report with the operator's note, warnings
        loginWithoutCsp("judge");
        open("/console/orders/" + orderId);
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#incident-reports li.incident")).isEmpty());
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#legal-hold-history li")).isEmpty());
        assertShown("order page (judge)", visibleText(), GIVEN, SURNAMES, RESOLUTION_NOTE, WARNING, RESOLUTION,
                INSTALL_NOTE, POLICE_REASON, HOLD_REASON, LIFT_REASON);
        assertInert("order page (judge)");
    }

    @Test
    @Order(4)
    void whatTheSupervisorTypesInTheEditorIsShownAsText() {
        loginWithoutCsp("supervisor");
        open("/console/orders/" + orderId);
        WebElement map = browser.find("conditions-map");
        browser.find("editor");
        browser.find("zone-id").sendKeys(TYPED_ZONE);
        browser.find("draw-circle").click();
        new Actions(browser.driver).moveToElement(map, -map.getSize().getWidth() / 4, map.getSize().getHeight() / 4)
                .click().perform();
        browser.waiting().until(d -> d.findElement(By.id("zone-list")).getText().contains(TYPED_ZONE));
        browser.find("var-number").sendKeys(TYPED_RESOLUTION);
        browser.find("variation-save").click();
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#variation-list li[data-version='2']")).isEmpty());
        openTooltips("Object.values(window.alterna.maps)");
        assertShown("editor", visibleText(), TYPED_ZONE, TYPED_RESOLUTION, HOME_ZONE);
        assertInert("conditions editor");
        assertThat(supervisor.get("/api/v1/orders/" + orderId + "/conditions").json().at("/conditions/zones/2/id")
                .stringValue()).isEqualTo(TYPED_ZONE);
    }

    @Test
    @Order(5)
    void listsDevicesAndTheNewOrderFormShowStoredTextAsText() {
        loginWithoutCsp("supervisor");
        open("/console/orders");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#orders-table tr[data-order='" + orderId + "']")));
        assertShown("orders", visibleText(), GIVEN, SURNAMES);
        browser.waiting().until(d -> d.findElements(By.cssSelector("#o-court option")).size() > 2);
        assertShown("court choice", (String) browser.js("return document.getElementById('o-court').textContent"),
                COURT_NAME);
        assertInert("orders");
        open("/console/devices");
        assertShown("devices", visibleText(), MODEL);
        assertInert("devices");
        open("/console/dashboard");
        browser.waiting().until(d -> d.findElements(By.cssSelector("#centres-table tbody td.num")).size() > 0);
        assertShown("dashboard", visibleText(), CENTRE, OFFICE);
        assertInert("dashboard");
    }

    @Test
    @Order(6)
    void theAdministratorsDeadNotificationsShowTargetsAndErrorsAsText() {
        loginWithoutCsp("admin");
        open("/console/notifications");
        assertShown("dead notifications", visibleText(), DEAD_TARGET, DEAD_ERROR);
        assertInert("dead notifications");
    }

    @Test
    @Order(7)
    void withThePolicyInForceMarkupThatGetsInCannotRunScript() {
        // a fresh tab, the policy applied: script injected into the page as markup is refused by the browser
        browser.quit();
        browser = new Browser(port);
        browser.login("operator");
        browser.openLoaded("/console/map");
        browser.js("""
                window.violations = [];
                document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective));
                document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.pwned=1">'
                  + '<a id="js-link" href="javascript:window.pwned=3">x</a>');
                const s = document.createElement('script'); s.textContent = 'window.pwned = 4'; document.body.append(s);""");
        browser.js("document.getElementById('js-link').click()");
        browser.waiting().until(d -> ((List<?>) browser.js("return window.violations")).size() >= 3);
        assertThat(browser.js("return window.pwned === undefined")).isEqualTo(true);
        @SuppressWarnings("unchecked")
        List<String> violated = (List<String>) browser.js("return window.violations");
        assertThat(violated).allMatch(d -> d.startsWith("script-src"));
        List<String> log = new ArrayList<>(browser.browserLog().stream().map(e -> e.getMessage()).toList());
        assertThat(log).anyMatch(m -> m.contains("Content Security Policy"));
        // the swagger UI of the API works under the same policy
        browser.login("admin");
        browser.open("/api/v1/swagger-ui/index.html");
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".swagger-ui .info")));
        assertThat(browser.browserLog().stream().map(e -> e.getMessage())
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused")).toList())
                .as("swagger UI under the policy").isEmpty();
    }
}
