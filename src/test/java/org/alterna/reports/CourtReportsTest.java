package org.alterna.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.alterna.alarms.AlarmIntake;
import org.alterna.audit.InstallationKey;
import org.alterna.reports.evidence.EvidenceVerifier;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.ScenarioParser;
import org.alterna.supervision.AlarmType;
import org.alterna.supervision.HomePresence;
import org.alterna.supervision.ReplayAlarm;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Court reports end to end over HTTP: the judge makes a compliance report with its evidence package, downloads both,
 * the package verifies against the published key (and a tampered copy does not), the incident report of the confirmed
 * violation comes as PDF, the stored case replays; each answer only within the caller's scope (out of scope: 404, a
 * refused role: 403), and every download audited. On H2 and on PostgreSQL.
 */
class CourtReportsTest {
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {
        @LocalServerPort
        int port;

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        AlarmIntake intake;

        @TempDir
        Path dir;

        CaseFixture c;
        JsonNode made;

        @BeforeAll
        void aMonitoredCaseAndItsReport() {
            c = CaseFixture.create(port, jdbc, intake);
            Api.Response r = Api.as(port, "judge").post("/api/v1/orders/" + c.orderId + "/reports", Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            made = r.json();
        }

        static String text(byte[] pdf) throws IOException {
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                return new PDFTextStripper().getText(doc);
            }
        }

        String reportPath() {
            return "/api/v1/orders/" + c.orderId + "/reports/" + made.get("report").get("id").asString();
        }

        String evidencePath() {
            return "/api/v1/orders/" + c.orderId + "/reports/" + made.get("evidence").get("id").asString();
        }

        @Test
        void theJudgeDownloadsACompliancePdfComputedOnTheServer() throws IOException {
            HttpResponse<byte[]> pdf = CaseFixture.getBytes(port, "judge", reportPath());
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).contains("informe-cumplimiento-");
            String text = text(pdf.body());
            assertThat(text).contains("Informe de cumplimiento de vigilancia electrónica personal",
                    "00123-2026-1-1801-JR-PE-01", "Rosa Quispe Mamani", "Juzgado JIP-LIMA-01", "Detención domiciliaria",
                    "Zona de inclusión «casa»: círculo de 150 m de radio; todos los días 20:00–06:00",
                    "Zona de exclusión «colegio»: polígono", "Tiempo en cumplimiento", "Brechas de comunicación",
                    "Salida de zona de inclusión «casa»", "Incumplimiento confirmado", "Falla técnica",
                    "Salió de su domicilio 25 minutos", "operator (OPERATOR)", "Mapa del periodo");
            // the verification block prints the package's hashes and the key that signed it
            JsonNode key = Api.anonymous(port).get("/api/v1/installation-key").json();
            String flat = text.replaceAll("\\s+", "");
            assertThat(flat).contains(made.get("evidence").get("manifestSha256").asString(),
                    made.get("evidence").get("sha256").asString(), key.get("keyId").asString(),
                    key.get("fingerprintSha256").asString(), made.get("evidence").get("signature").asString());
            // the figures: a silence of 2 hours (from the last record before it to the first after); 23 minutes of breach
            assertThat(text).containsPattern("Brechas de comunicación \\(> 30 min\\) 1; 2 h 1 min en total");
            assertThat(text).containsPattern("Alarmas 2 en total; 1 incumplimientos confirmados; 0 sin resolver");
            assertThat(text).contains("Tiempo en cumplimiento 99.2 %  (incumplimiento confirmado: 23 min");
            // the strap cut and the power cut come from heartbeats without a position (the device_event table)
            assertThat(text.replaceAll("\\s+", " ")).contains("Aperturas del brazalete 1",
                    "Cortes de alimentación principal 1");
            assertThat(text).doesNotContain("report.", "??");
        }

        /** Look at the pages as a person would: rendered, nothing outside the margins, a map that shows something. */
        @Test
        void thePagesLookRight() throws IOException {
            byte[] pdf = CaseFixture.getBytes(port, "judge", reportPath()).body();
            Path pages = Path.of("target/report-pages");
            Files.createDirectories(pages);
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                assertThat(doc.getNumberOfPages()).isBetween(3, 8);
                PDFRenderer renderer = new PDFRenderer(doc);
                int mapPage = -1;
                for (int i = 0; i < doc.getNumberOfPages(); i++) {
                    PDFTextStripper pageText = new PDFTextStripper();
                    pageText.setStartPage(i + 1);
                    pageText.setEndPage(i + 1);
                    if (pageText.getText(doc).contains("Mapa del periodo")) {
                        mapPage = i;
                    }
                    BufferedImage image = renderer.renderImageWithDPI(i, 72);
                    ImageIO.write(renderer.renderImageWithDPI(i, 110), "png", pages.resolve("compliance-" + (i + 1)
                            + "-110dpi.png").toFile());
                    ImageIO.write(image, "png", pages.resolve("compliance-" + (i + 1) + ".png").toFile());
                    assertThat(image.getWidth()).isEqualTo(595);
                    // a blank band of 25 points all around: nothing is drawn outside the page's margins
                    assertThat(inkIn(image, 0, 0, 595, 25)).as("top band of page " + (i + 1)).isZero();
                    assertThat(inkIn(image, 0, 842 - 25, 595, 25)).as("bottom band of page " + (i + 1)).isZero();
                    assertThat(inkIn(image, 0, 0, 40, 842)).as("left band of page " + (i + 1)).isZero();
                    assertThat(inkIn(image, 595 - 40, 0, 40, 842)).as("right band of page " + (i + 1)).isZero();
                    if (mapPage == i) {
                        assertThat(colour(image, MapDrawing.TRACK)).as("the track is drawn").isGreaterThan(150);
                        assertThat(colour(image, MapDrawing.INCLUSION)).as("the home zone is drawn").isGreaterThan(100);
                        assertThat(colour(image, MapDrawing.BREACH)).as("the breach point is drawn").isGreaterThan(20);
                        assertThat(colour(image, MapDrawing.PAPER)).as("the map's paper").isGreaterThan(330 * 400);
                    }
                }
                assertThat(mapPage).as("a page has the map").isGreaterThanOrEqualTo(0);
                // every character sits within the margins (the running header and footer included)
                List<float[]> outside = new java.util.ArrayList<>();
                PDFTextStripper positions = new PDFTextStripper() {
                    @Override
                    protected void writeString(String text, List<TextPosition> letters) {
                        for (TextPosition p : letters) {
                            float x = p.getXDirAdj();
                            float y = p.getYDirAdj();
                            if (x < PdfComposer.MARGIN - 0.5f || x + p.getWidthDirAdj() > 595 - PdfComposer.MARGIN + 0.5f
                                    || y < 25 || y > 842 - 25) {
                                outside.add(new float[] {getCurrentPageNo(), x, y});
                            }
                        }
                    }
                };
                positions.getText(doc);
                assertThat(outside).as("characters outside the margins").isEmpty();
            }
        }

        /** Pixels that are not white in the rectangle (x, y from the top left, in points at 72 dpi). */
        static int inkIn(BufferedImage image, int x, int y, int w, int h) {
            int n = 0;
            for (int i = x; i < Math.min(image.getWidth(), x + w); i++) {
                for (int j = y; j < Math.min(image.getHeight(), y + h); j++) {
                    int rgb = image.getRGB(i, j) & 0xFFFFFF;
                    if (rgb != 0xFFFFFF) {
                        n++;
                    }
                }
            }
            return n;
        }

        /** Pixels close to a colour. */
        static int colour(BufferedImage image, java.awt.Color c) {
            int n = 0;
            for (int i = 0; i < image.getWidth(); i++) {
                for (int j = 0; j < image.getHeight(); j++) {
                    int rgb = image.getRGB(i, j);
                    int r = rgb >> 16 & 0xFF;
                    int g = rgb >> 8 & 0xFF;
                    int b = rgb & 0xFF;
                    if (Math.abs(r - c.getRed()) + Math.abs(g - c.getGreen()) + Math.abs(b - c.getBlue()) < 60) {
                        n++;
                    }
                }
            }
            return n;
        }

        @Test
        void englishOnRequest() throws IOException {
            Api.Response r = Api.as(port, "supervisor").post("/api/v1/orders/" + c.orderId + "/reports",
                    Map.of("lang", "en", "from", c.start.toString(), "to", c.end.toString()));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            HttpResponse<byte[]> pdf = CaseFixture.getBytes(port, "supervisor", "/api/v1/orders/" + c.orderId + "/reports/"
                    + r.json().get("report").get("id").asString());
            String text = text(pdf.body());
            assertThat(text).contains("Compliance report of electronic monitoring", "Time in compliance",
                    "Confirmed breach", "How to verify");
            assertThat(text).doesNotContain("Informe de cumplimiento");
        }

        @Test
        void theEvidencePackageVerifiesAgainstThePublishedKeyAndATamperedCopyIsNamed() throws IOException {
            HttpResponse<byte[]> zip = CaseFixture.getBytes(port, "prosecutor", evidencePath());
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.headers().firstValue("X-Content-SHA256")).hasValue(made.get("evidence").get("sha256").asString());
            Path file = dir.resolve("evidencias.zip");
            Files.write(file, zip.body());
            String pem = new String(CaseFixture.getBytes(port, null, "/api/v1/installation-key?format=pem").body(),
                    StandardCharsets.UTF_8);
            EvidenceVerifier.Result r = EvidenceVerifier.verify(file, InstallationKey.parsePublicKey(pem),
                    EvidenceVerifier.KeySource.GIVEN);
            assertThat(r.problems()).isEmpty();
            assertThat(r.intact()).isTrue();
            assertThat(r.files()).extracting(EvidenceVerifier.FileCheck::name).contains("case.json", "conditions.csv",
                    "fixes.csv", "device_events.csv", "device_status.csv", "alarms.csv", "alarm_actions.csv", "alarm_evidence.csv", "audit.csv");
            assertThat(r.files()).filteredOn(f -> f.name().equals("fixes.csv")).extracting(EvidenceVerifier.FileCheck::rows)
                    .containsExactly((long) c.fixes);
            assertThat(r.files()).filteredOn(f -> f.name().equals("alarms.csv")).extracting(EvidenceVerifier.FileCheck::rows)
                    .containsExactly(2L);
            String audit = new String(entry(zip.body(), "audit.csv"), StandardCharsets.UTF_8);
            assertThat(audit).contains("alarm.resolved", c.breachAlarm, "order.create");
            // the events derived for the court include those of the messages without a position, in device time
            String events = new String(entry(zip.body(), "device_events.csv"), StandardCharsets.UTF_8);
            assertThat(events).contains("\"" + c.device + "\",\"" + c.strapCut + "\",\"STRAP_OPEN\",\"TAMPER\"",
                    "\"" + c.device + "\",\"" + c.powerCut + "\",\"POWER_CUT\"", "\"STRAP_CLOSED\"",
                    "\"POWER_RESTORED\"");
            assertThat(r.files()).filteredOn(f -> f.name().equals("device_status.csv"))
                    .extracting(EvidenceVerifier.FileCheck::rows).containsExactly(2L);
            String fixes = new String(entry(zip.body(), "fixes.csv"), StandardCharsets.UTF_8);
            assertThat(fixes.lines().findFirst().orElseThrow()).startsWith("\"row\",\"device_id\",\"device_time\"")
                    .contains("\"accuracy_m\"", "\"source\"").endsWith("\"seq\",\"row_hash\"");

            // anyone, without an account, checks it on the public endpoint; then an altered copy
            HttpResponse<byte[]> checked = CaseFixture.postBytes(port, null, "/api/v1/evidence/verification", zip.body(),
                    "application/zip");
            assertThat(checked.statusCode()).isEqualTo(200);
            JsonNode verdict = Api.JSON.readTree(checked.body());
            assertThat(verdict.has("intact")).as(new String(checked.body(), StandardCharsets.UTF_8)).isTrue();
            assertThat(verdict.get("intact").asBoolean()).isTrue();
            assertThat(verdict.get("keySource").asString()).isEqualTo("INSTALLATION");

            byte[] altered = org.alterna.reports.evidence.EvidenceTamperingTest.rewrite(zip.body(), "fixes.csv", csv -> {
                List<String> l = org.alterna.reports.evidence.EvidenceTamperingTest.lines(csv);
                l.set(300, l.get(300).replaceFirst("\"GPS\"", "\"WIFI\""));
                return org.alterna.reports.evidence.EvidenceTamperingTest.join(l);
            });
            JsonNode bad = Api.JSON.readTree(CaseFixture.postBytes(port, null, "/api/v1/evidence/verification?key="
                    + java.net.URLEncoder.encode(pem, StandardCharsets.UTF_8), altered, "application/zip").body());
            assertThat(bad.get("intact").asBoolean()).isFalse();
            assertThat(bad.get("keySource").asString()).isEqualTo("GIVEN");
            assertThat(bad.get("problems").get(0).get("code").asString()).isEqualTo("ROW_ALTERED");
            assertThat(bad.get("problems").get(0).get("file").asString()).isEqualTo("fixes.csv");
            assertThat(bad.get("problems").get(0).get("row").asLong()).isEqualTo(300);
        }

        @Test
        void theIncidentReportOfTheConfirmedViolationAsPdf() throws IOException {
            JsonNode reports = Api.as(port, "judge").get("/api/v1/incident-reports").json();
            String id = null;
            for (JsonNode r : reports) {
                if (r.get("alarmId").asString().equals(c.breachAlarm)) {
                    id = r.get("id").asString();
                }
            }
            assertThat(id).isNotNull();
            HttpResponse<byte[]> pdf = CaseFixture.getBytes(port, "prosecutor", "/api/v1/incident-reports/" + id + "/pdf");
            assertThat(pdf.statusCode()).isEqualTo(200);
            String text = text(pdf.body());
            assertThat(text).contains("Informe de incidencia", "Regla incumplida", "Salida de zona de inclusión", "casa",
                    "Dónde: posiciones de evidencia", "GPS", "9 m", "Acciones tomadas", "call-person",
                    "Incumplimiento confirmado", "Salió de su domicilio 25 minutos");
            assertThat(CaseFixture.getBytes(port, "judge2", "/api/v1/incident-reports/" + id + "/pdf").statusCode())
                    .as("another court's judge").isEqualTo(404);
            assertThat(CaseFixture.getBytes(port, "operator", "/api/v1/incident-reports/" + id + "/pdf").statusCode())
                    .as("the operator's role").isEqualTo(403);
            assertThat(CaseFixture.getBytes(port, "judge", "/api/v1/incident-reports/" + id + "/pdf?lang=en").body())
                    .satisfies(b -> assertThat(text(b)).contains("Incident report", "Rule breached"));
        }

        @Test
        void onlyTheCallersScopeAndRole() {
            String base = "/api/v1/orders/" + c.orderId + "/reports";
            // another court's judge: the order does not exist for them
            assertThat(Api.as(port, "judge2").post(base, Map.of()).status()).isEqualTo(404);
            assertThat(Api.as(port, "judge2").get(base).status()).isEqualTo(404);
            assertThat(CaseFixture.getBytes(port, "judge2", reportPath()).statusCode()).isEqualTo(404);
            assertThat(CaseFixture.getBytes(port, "judge2", "/api/v1/orders/" + c.orderId + "/replay-scenario")
                    .statusCode()).isEqualTo(404);
            // roles that may not read reports
            for (String user : List.of("operator", "police", "auditor")) {
                assertThat(CaseFixture.getBytes(port, user, reportPath()).statusCode()).as(user).isEqualTo(403);
                assertThat(Api.as(port, user).post(base, Map.of()).status()).as(user).isEqualTo(403);
            }
            assertThat(CaseFixture.getBytes(port, "prosecutor", "/api/v1/orders/" + c.orderId + "/replay-scenario")
                    .statusCode()).isEqualTo(403);
            // a document of another order is not found through this one
            String other = org.alterna.testsupport.ActiveOrders.create(port, "HOUSE_ARREST", CaseFixture.HOME_CONDITIONS);
            assertThat(CaseFixture.getBytes(port, "judge", "/api/v1/orders/" + other + "/reports/"
                    + made.get("report").get("id").asString()).statusCode()).isEqualTo(404);
            // bad input is named
            Api.Response bad = Api.as(port, "judge").post(base, Map.of("from", "yesterday"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("field").asString()).isEqualTo("from");
            Api.Response kind = Api.as(port, "judge").post(base, Map.of("kind", "NOVEL"));
            assertThat(kind.status()).isEqualTo(400);
            assertThat(kind.json().get("field").asString()).isEqualTo("kind");
        }

        @Test
        void downloadsAreListedAndAudited() {
            JsonNode list = Api.as(port, "prosecutor").get("/api/v1/orders/" + c.orderId + "/reports").json();
            assertThat(list.findValuesAsString("id")).contains(made.get("report").get("id").asString(),
                    made.get("evidence").get("id").asString());
            CaseFixture.getBytes(port, "prosecutor", reportPath());
            JsonNode audit = Api.as(port, "auditor").get("/api/v1/audit?action=report.download&recordId=" + c.orderId).json();
            assertThat(audit.findValuesAsString("username")).contains("prosecutor");
            assertThat(audit.findValuesAsString("detail")).anySatisfy(d -> assertThat(d).contains(
                    made.get("report").get("id").asString()));
            JsonNode created = Api.as(port, "auditor").get("/api/v1/audit?action=report.create&recordId=" + c.orderId).json();
            assertThat(created.findValuesAsString("username")).contains("judge");
        }

        @Test
        void theStoredCaseReplaysAsAScenario() {
            HttpResponse<byte[]> json = CaseFixture.getBytes(port, "judge", "/api/v1/orders/" + c.orderId
                    + "/replay-scenario?from=" + c.start + "&to=" + c.end);
            assertThat(json.statusCode()).isEqualTo(200);
            Scenario s = ScenarioParser.parse(new ByteArrayInputStream(json.body()));
            // every position, and the two heartbeats without one (as events evaluated among them)
            assertThat(s.fixes()).hasSize(c.fixes + 2);
            assertThat(s.fixes().stream().filter(f -> !f.hasPosition())).hasSize(2);
            assertThat(s.plan().zones()).extracting(z -> z.id()).containsExactlyInAnyOrder("casa", "colegio");
            assertThat(s.plan().noCommunicationMinutes()).isEqualTo(30);
            List<ReplayAlarm> alarms = s.replay();
            assertThat(alarms).as(alarms.toString()).anySatisfy(a -> {
                assertThat(a.type().name()).isEqualTo("INCLUSION_ZONE");
                assertThat(a.zone()).isEqualTo("casa");
            });
            assertThat(alarms).anySatisfy(a -> assertThat(a.type().name()).isEqualTo("NO_COMMUNICATION"));
            // the strap cut and the power cut reported in heartbeats replay to the alarms the engine raises on them
            assertThat(alarms).anySatisfy(a -> {
                assertThat(a.type().name()).isEqualTo("STRAP_TAMPER");
                assertThat(a.start()).isEqualTo(c.strapCut);
            });
            assertThat(alarms).anySatisfy(a -> {
                assertThat(a.type().name()).isEqualTo("POWER_CUT");
                assertThat(a.start()).isEqualTo(c.powerCut);
            });

            // what the tag heard of the home's beacon travels with its positions: a what-if with the beacon as the
            // home's evidence of presence loses it during the walk out only (without the observations it would be
            // lost every night)
            HomePresence beacon = new HomePresence(HomePresence.Kind.BLE_BEACON, CaseFixture.BEACON,
                    CaseFixture.HOME_LAT, CaseFixture.HOME_LON, 15, "casa");
            List<ReplayAlarm> withBeacon = s.withConditions(s.plan().toBuilder()
                    .homePresence(beacon).build()).replay();
            List<ReplayAlarm> lost = withBeacon.stream().filter(a -> a.type() == AlarmType.HOME_PRESENCE_LOST).toList();
            assertThat(lost).as(withBeacon.toString()).hasSize(1);
            assertThat(lost.get(0).start()).isBetween(c.breachStart.minusSeconds(120), c.breachStart.plusSeconds(60));
            assertThat(withBeacon).noneMatch(a -> a.type() == AlarmType.HOME_UNIT_MOVED);
        }

        static byte[] entry(byte[] zip, String name) throws IOException {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (e.getName().equals(name)) {
                        return in.readAllBytes();
                    }
                }
            }
            throw new IllegalArgumentException(name);
        }
    }

    @Nested
    @H2Test
    class OnH2 extends Contract {
    }

    @Nested
    @PostgresTest
    class OnPostgres extends Contract {
    }
}
