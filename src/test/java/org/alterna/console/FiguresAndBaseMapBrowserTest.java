package org.alterna.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.alterna.gateway.GatewayPorts;
import org.alterna.gateway.TeltonikaClient;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * In Debian's Chromium: how the console writes figures (the formatting module, value by value), the supervisor's
 * dashboard with no alarm and with a single one (never "NaN", never a rate rounded to 0), and the offline base map
 * under the live map when no tile server is configured (coast, borders, departamentos and INPE's establishments).
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiguresAndBaseMapBrowserTest {
    @LocalServerPort
    int port;
    @Autowired
    GatewayPorts gatewayPorts;

    Browser browser;

    @BeforeAll
    void start() {
        browser = new Browser(port);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Each case: function, value, language, expected text. */
    static final List<Object[]> CASES = List.of(
            new Object[] {"formatShare", null, "es-PE", "—"},
            new Object[] {"formatShare", Double.NaN, "es-PE", "—"},
            new Object[] {"formatShare", 0.0, "es-PE", "0 %"},
            new Object[] {"formatShare", 0.0004, "es-PE", "< 0.1 %"}, // Peru writes decimals with a point
            new Object[] {"formatShare", 0.0004, "de", "< 0,1 %"},
            new Object[] {"formatShare", 0.01234, "es-PE", "1.2 %"},
            new Object[] {"formatShare", 0.01234, "es-ES", "1,2 %"},
            new Object[] {"formatShare", 0.25, "en", "25 %"},
            new Object[] {"formatShare", 1.0, "en", "100 %"},
            new Object[] {"formatRate", null, "en", "—"},
            new Object[] {"formatRate", 0.0, "en", "0"},
            new Object[] {"formatRate", 1.667e-5, "en", "< 0.001"},
            new Object[] {"formatRate", 1.667e-4, "en", "< 0.001"},
            new Object[] {"formatRate", 0.001667, "en", "0.0017"},
            new Object[] {"formatRate", 0.0133, "es-PE", "0.013"},
            new Object[] {"formatRate", 1.25, "en", "1.3"},
            new Object[] {"formatCount", 103717, "en", "103,717"},
            new Object[] {"formatCount", null, "en", "—"},
            new Object[] {"formatPercent", 148.3, "en", "148.3 %"},
            new Object[] {"formatPercent", -12.0, "en", "-12 %"},
            new Object[] {"formatPercent", null, "en", "—"},
            new Object[] {"formatDuration", 45, "en", "45 s"},
            new Object[] {"formatDuration", 754, "en", "13 min"},
            new Object[] {"formatDuration", 12_600, "en", "3.5 h"},
            new Object[] {"formatDuration", null, "en", "—"});

    @Test
    void figuresAreWrittenWithoutNaNAndWithoutRoundingSmallValuesToZero() {
        browser.login("supervisor");
        for (Object[] c : CASES) {
            Object text = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/js/figures.js').then(m => done(m[arguments[0]](arguments[1] === 'NaN' ? NaN : arguments[1],
                      arguments[2]))).catch(e => done('error: ' + e));""",
                    c[0], c[1] instanceof Double d && d.isNaN() ? "NaN" : c[1], c[2]);
            assertThat(text).as(c[0] + "(" + c[1] + ", " + c[2] + ")").isEqualTo(c[3]);
        }
        browser.assertNoBrowserErrors();
    }

    @Test
    void theDashboardReadsCorrectlyWithNoAlarmAndWithOne() throws Exception {
        Api supervisor = Api.as(port, "supervisor");
        browser.login("supervisor");
        browser.openLoaded("/console/dashboard");
        String before = browser.find("alarm-totals").getText();
        assertThat(before).doesNotContain("NaN", "undefined", "null");
        if (browser.find("alarms-30d").getText().equals("0")) {
            assertThat(browser.find("false-alarm-share").getText()).isEqualTo("—");
            assertThat(browser.find("median-ack").getText()).isEqualTo("—");
        }
        // one real breach: a person under house arrest walks out; the engine raises it, the desk opens it
        String orderId = ActiveOrders.create(port, "HOUSE_ARREST", ConsoleBrowserTest.HOUSE_ARREST);
        try (TeltonikaClient device = TeltonikaClient.connect(gatewayPorts.port("teltonika"))) {
            assertThat(device.login(ActiveOrders.device(port, orderId, "PERSON_UNIT"))).isEqualTo(1);
            for (TeltonikaClient.Rec rec : ConsoleBrowserTest.walkOut(Instant.now().minusSeconds(20 * 60))) {
                device.send(TeltonikaClient.avlPacket(List.of(rec)));
                assertThat(device.readAck()).isEqualTo(1);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> supervisor.get("/api/v1/alarms?orderId=" + orderId).json()
                .size() > 0);
        double rate = supervisor.get("/api/v1/alarms/figures?groupBy=type").json().at("/total/alarmsPerPersonDay")
                .asDouble();
        assertThat(rate).isPositive();

        browser.openLoaded("/console/dashboard");
        String after = browser.find("alarm-totals").getText();
        assertThat(after).doesNotContain("NaN", "undefined", "null");
        assertThat(Integer.parseInt(browser.find("alarms-30d").getText().replaceAll("\\D", ""))).isPositive();
        // a small rate keeps its significant digits (or reads "< 0,001"), never "0"
        String perDay = browser.find("alarms-per-person-day").getText();
        assertThat(perDay).isNotEqualTo("0").matches("< 0\\.001|\\d+(\\.\\d+)?");
        // no resolved alarm of that kind yet: the share cannot be computed and says so
        if (supervisor.get("/api/v1/alarms/figures?groupBy=type").json().at("/total/resolved").asLong() == 0) {
            assertThat(browser.find("false-alarm-share").getText()).isEqualTo("—");
        } else {
            assertThat(browser.find("false-alarm-share").getText()).matches("(< )?\\d+(\\.\\d+)? %");
        }
        // the establishments' overcrowding: a percentage or "—", never NaN
        assertThat(browser.find("centres-table").getText()).doesNotContain("NaN", "undefined");
        browser.assertNoBrowserErrors();
        // the measure ends: the person leaves the live maps of the other tests sharing this application (the alarm
        // stays in the figures)
        assertThat(Api.as(port, "admin").post("/api/v1/orders/" + orderId + "/completion",
                java.util.Map.of("note", "Plazo cumplido")).status()).isEqualTo(200);
    }

    @Test
    void withoutATileServerTheLiveMapDrawsPerusCoastBordersRegionsAndPenalEstablishments() throws Exception {
        // the 69 establishments with INPE's figures, as an installation imports them
        Api admin = Api.as(port, "admin");
        String csv;
        try (var in = getClass().getResourceAsStream("/reference/inpe_establishments.csv")) {
            csv = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(admin.send("POST", "/api/v1/penal-centres/import", csv, "text/csv").status()).isEqualTo(200);

        browser.login("operator");
        browser.openLoaded("/console/map");
        browser.waiting().until(d -> browser.js("return document.getElementById('map').dataset.baseMap") != null
                && browser.js("return document.getElementById('map').dataset.centres") != null);
        // land of Peru and its neighbours, and the 26 pieces of Natural Earth's departamentos
        long outlines = Long.parseLong((String) browser.js("return document.getElementById('map').dataset.baseMap"));
        assertThat(outlines).isGreaterThanOrEqualTo(26 + 6);
        assertThat(browser.js("return document.querySelectorAll('.leaflet-basemap-pane path').length"))
                .isInstanceOf(Long.class).satisfies(n -> assertThat((Long) n).isGreaterThanOrEqualTo(outlines));
        // drawn under zones and tracks: the base map's pane sits below the overlay pane
        long baseZ = Long.parseLong((String) browser.js(
                "return getComputedStyle(document.querySelector('.leaflet-basemap-pane')).zIndex"));
        long overlayZ = Long.parseLong((String) browser.js(
                "return getComputedStyle(document.querySelector('.leaflet-overlay-pane')).zIndex"));
        assertThat(baseZ).isLessThan(overlayZ);
        // the sea is not the land: Lima (on land) and a point 30 km off the coast are told apart by the polygons
        assertThat(browser.js("""
                const land = window.alterna.map.baseMap.land;
                const inside = (lat, lon) => land.getLayers().some(l => l.getBounds().contains([lat, lon])
                  && leafletPip(l, lat, lon));
                function leafletPip(layer, lat, lon) {
                  const rings = layer.feature.geometry.coordinates.flatMap(poly => [poly[0]]);
                  return rings.some(r => { let c = false; for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
                    const [xi, yi] = r[i], [xj, yj] = r[j];
                    if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) c = !c; } return c; });
                }
                return [inside(-12.06, -77.04), inside(-12.10, -77.40)];""")).isEqualTo(List.of(true, false));
        // INPE's 69 establishments, each with its name, capacity and population
        assertThat(browser.js("return Number(document.getElementById('map').dataset.centres)")).isEqualTo(69L);
        Object popup = browser.js("""
                const m = window.alterna.map.baseMap.centres.getLayers()[0];
                m.openPopup();
                return document.querySelector('.centre-popup').textContent;""");
        assertThat((String) popup).containsPattern("E\\.P\\. .+Capacidad: [\\d.,]+Población: [\\d.,]+");
        assertThat(browser.find("map").getText()).contains("Natural Earth");
        browser.js("window.alterna.map.closePopup(); window.alterna.map.setView([-9.6, -75.0], 5, { animate: false });");
        Path shot = browser.screenshot("base-map");
        Files.createDirectories(Path.of("docs/screenshots"));
        Files.copy(shot, Path.of("docs/screenshots/base-map.png"), StandardCopyOption.REPLACE_EXISTING);
        browser.assertNoBrowserErrors();
    }
}
