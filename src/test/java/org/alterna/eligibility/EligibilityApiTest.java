package org.alterna.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The eligibility API over real HTTP with real security against the application: register imports (good and broken
 * files, progress, all or nothing), candidate lists, exports and EM requests in each role's scope — with an object
 * out of scope for every endpoint — a new rule set re-evaluating everyone with who changed and why, and the
 * projection.
 */
@H2Test
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EligibilityApiTest {
    static final String HEADER = "internal_id,dni,given_names,surnames,birth_date,sex,penal_centre,legal_status,"
            + "offences,served_days,court_code,expediente,sentence_stage,penalty_months,prior_convictions,recidivist,"
            + "pregnant,child_under_3,serious_illness,permanent_disability,synthetic\n";
    /** Lima (216 Lurigancho, 217 Castro Castro; courts 01 and 02) and Arequipa (301, region Sur-Arequipa). */
    static final String REGISTER = HEADER
            + "T-L1,71000001,Juan,Apaza Lima,1980-01-01,M,216,procesado,186,100,JIP-LIMA-01,00101-2025-0-1801-JR-PE-01,,60,0,,,,,,true\n"
            + "T-L2,71000002,Luis,Benites Lima,1980-01-01,M,216,condenado,186,900,JIP-LIMA-02,00102-2024-0-1801-JR-PE-01,execution,108,0,,,,,,true\n"
            + "T-L3,71000003,Raúl,Cárdenas Lima,1980-01-01,M,217,condenado,186,1200,JIP-LIMA-01,00103-2023-0-1801-JR-PE-01,execution,126,0,,,,,,true\n"
            + "T-L4,71000004,José,Delgado Lima,1980-01-01,M,216,procesado,189,100,JIP-LIMA-01,00104-2025-0-1801-JR-PE-01,,240,0,,,,,,true\n"
            + "T-L5,71000005,Rosa,Espinoza Lima,1990-01-01,F,216,condenado,186,300,JIP-LIMA-01,00105-2025-0-1801-JR-PE-01,,60,1,,true,,,,true\n"
            + "T-A1,71000006,Ana,Flores Arequipa,1980-01-01,F,301,procesado,186,100,JIP-AREQUIPA-01,00106-2025-0-0401-JR-PE-01,,48,0,,,,,,true\n"
            + "T-A2,71000007,Luz,Gómez Arequipa,1950-01-01,F,301,condenado,185,100,,,,48,0,,,,true,,true\n";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    Api admin;
    Api supervisor;
    Api judge;
    Api judge2;
    Api prosecutor;
    int dl1514;
    int dl1585;

    @BeforeAll
    void setUp() throws IOException {
        admin = Api.as(port, "admin");
        supervisor = Api.as(port, "supervisor");
        judge = Api.as(port, "judge");
        judge2 = Api.as(port, "judge2");
        prosecutor = Api.as(port, "prosecutor");
        try (InputStream in = getClass().getResourceAsStream("/reference/inpe_establishments.csv")) {
            Api.Response r = admin.send("POST", "/api/v1/penal-centres/import",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), "text/csv");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        for (String court : List.of("JIP-LIMA-01", "JIP-LIMA-02", "JIP-AREQUIPA-01")) {
            Api.Response r = admin.post("/api/v1/courts", Map.of("code", court, "name", "Juzgado " + court,
                    "judicialDistrict", "Lima", "region", court.contains("LIMA") ? "Lima" : "Sur-Arequipa"));
            assertThat(r.status()).as(r.toString()).isIn(201, 409);
        }
        Api.Response fiscal = admin.post("/api/v1/users", Map.of("username", "fiscal-lima-01", "password",
                "fiscal-de-lima-2026", "role", "PROSECUTOR", "fullName", "Fiscal de Lima (prueba)", "courtCode", "JIP-LIMA-01"));
        assertThat(fiscal.status()).as(fiscal.toString()).isIn(201, 409);
        for (JsonNode s : admin.get("/api/v1/eligibility/rule-sets").json()) {
            if (s.get("code").stringValue().equals("PE-2020-DL1514")) {
                dl1514 = s.get("version").intValue();
            }
            if (s.get("code").stringValue().equals("PE-2023-DL1585")) {
                dl1585 = s.get("version").intValue();
            }
        }
        assertThat(dl1514).isPositive();
        assertThat(dl1585).isGreaterThan(dl1514);
        assertThat(admin.post("/api/v1/eligibility/rule-sets/" + dl1514 + "/activation", Map.of()).status())
                .isEqualTo(200);
    }

    @AfterAll
    void restoreTheNewestRuleSet() {
        admin.post("/api/v1/eligibility/rule-sets/" + dl1585 + "/activation", Map.of());
    }

    JsonNode importAndWait(Api as, String csv, String mode) {
        Api.Response r = as.send("POST", "/api/v1/eligibility/register/imports?mode=" + mode, csv, "text/csv");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("id").stringValue();
        JsonNode[] last = {null};
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            last[0] = as.get("/api/v1/eligibility/register/imports/" + id).json();
            String s = last[0].get("state").stringValue();
            return s.equals("DONE") || s.equals("FAILED");
        });
        return last[0];
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("internalId").stringValue()));
        return out;
    }

    record Bytes(int status, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Bytes download(String user, String password, String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Bytes(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    // ------------------------------------------------------------------------------------------ import

    @Test
    @Order(1)
    void aGoodRegisterIsImportedWithProgressAndTriaged() {
        JsonNode job = importAndWait(admin, REGISTER, "replace");
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("rows").intValue()).isEqualTo(7);
        assertThat(job.get("rowsWritten").intValue()).isEqualTo(7);
        assertThat(job.get("progress").doubleValue()).isEqualTo(1.0);
        assertThat(job.get("ruleSetVersion").intValue()).isEqualTo(dl1514);
        // under DL 1514: T-L3 (10 1/2 years being served) is outside every route, T-L4 is excluded (robo agravado)
        assertThat(job.at("/byStatus/ELIGIBLE").longValue()).isEqualTo(4);
        assertThat(job.at("/byStatus/NEEDS_REVIEW").longValue()).isEqualTo(1);
        assertThat(job.at("/byStatus/NOT_ELIGIBLE").longValue()).isEqualTo(2);

        JsonNode all = admin.get("/api/v1/eligibility/candidates").json();
        assertThat(all.get("total").longValue()).isEqualTo(7);
        assertThat(all.at("/ruleSet/code").stringValue()).isEqualTo("PE-2020-DL1514");
        // eligible first, priority groups first (T-A2 is over 65 with a serious illness), then the larger share of
        // the penalty served (T-L2 900 days of 108 months, T-A1 100 of 48, T-L1 100 of 60)
        assertThat(ids(all)).containsExactly("T-A2", "T-L2", "T-A1", "T-L1", "T-L5", "T-L3", "T-L4");
        JsonNode l4 = admin.get("/api/v1/eligibility/candidates/T-L4").json();
        assertThat(l4.get("status").stringValue()).isEqualTo("NOT_ELIGIBLE");
        assertThat(l4.at("/reasons/0/ruleId").stringValue()).isEqualTo("EXCL-ROBBERY");
        assertThat(l4.at("/reasons/0/basis").stringValue()).contains("DL 1322, art. 5");
        assertThat(l4.at("/reasons/0/text").stringValue()).isEqualTo("Excluido: robo agravado");
        assertThat(l4.at("/penalCentre/name").stringValue()).isEqualTo("E.P. de Lurigancho");
        JsonNode l2 = Api.as(port, "admin").get("/api/v1/eligibility/candidates/T-L2?lang=en").json();
        assertThat(l2.get("communityService").booleanValue()).isTrue();
        assertThat(l2.at("/reasons/0/text").stringValue()).startsWith("Conversion of a sentence being served of 8 to 10");
        JsonNode filtered = admin.get("/api/v1/eligibility/candidates?status=ELIGIBLE&penalCentreId="
                + l4.at("/penalCentre/id").longValue()).json();
        assertThat(ids(filtered)).containsExactly("T-L2", "T-L1");
        assertThat(filtered.at("/counts/NOT_ELIGIBLE").longValue()).isEqualTo(1); // T-L4; T-L3 is in Castro Castro
        assertThat(ids(admin.get("/api/v1/eligibility/candidates?priority=true").json())).containsExactly("T-A2", "T-L5");
        assertThat(ids(admin.get("/api/v1/eligibility/candidates?q=benites").json())).containsExactly("T-L2");
        // 9 years being served: only 52-B.2.b (DL 1514) is open, with community service
        assertThat(ids(admin.get("/api/v1/eligibility/candidates?communityService=true").json()))
                .containsExactly("T-L2");
        assertThat(ids(admin.get("/api/v1/eligibility/candidates?court=JIP-LIMA-02").json())).containsExactly("T-L2");
        assertThat(ids(admin.get("/api/v1/eligibility/candidates?region=Sur-Arequipa").json()))
                .containsExactly("T-A2", "T-A1");
        assertThat(admin.get("/api/v1/eligibility/candidates?status=MAYBE").status()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void aBrokenRegisterFailsWithEveryLineAndColumnAndLosesNothingStored() {
        String broken = HEADER
                + "T-X1,71000011,Juan,Apaza,1980-01-01,M,216,procesado,186,100,JIP-LIMA-01,,,60,0,,,,,,true\n"
                + "T-X2,7100012,Juan,Apaza,1980-13-01,M,216,procesado,186,100,JIP-LIMA-01,,,60,0,,,,,,true\n"
                + "T-X3,71000013,Juan,Apaza,1980-01-01,M,999,procesado,186,100,JIP-LIMA-01,,,60,0,,,,,,true\n";
        JsonNode job = importAndWait(admin, broken, "replace");
        assertThat(job.get("state").stringValue()).isEqualTo("FAILED");
        assertThat(job.get("errorCount").intValue()).isEqualTo(3);
        List<String> where = new ArrayList<>();
        job.get("errors").forEach(e -> where.add(e.get("line").intValue() + ":" + e.get("column").stringValue()));
        assertThat(where).containsExactly("3:dni", "3:birth_date", "4:penal_centre");
        assertThat(job.get("message").stringValue()).contains("nothing was imported");
        assertThat(admin.get("/api/v1/eligibility/candidates").json().get("total").longValue()).isEqualTo(7);
        assertThat(admin.get("/api/v1/eligibility/candidates/T-X1").status()).isEqualTo(404);

        Api.Response wrong = admin.send("POST", "/api/v1/eligibility/register/imports", "name;dni\nA;1\n", "text/csv");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("field").stringValue()).startsWith("line 1, column");
        assertThat(admin.send("POST", "/api/v1/eligibility/register/imports?mode=append", REGISTER, "text/csv")
                .status()).isEqualTo(400);
    }

    @Test
    @Order(3)
    void aSupervisorImportsOnlyTheirRegionAndSeesOnlyTheirOwnJobs() {
        String arequipa = HEADER
                + "T-A9,71000019,Ana,Flores,1980-01-01,F,301,procesado,186,100,,,,48,0,,,,,,true\n";
        JsonNode refused = importAndWait(supervisor, arequipa, "merge");
        assertThat(refused.get("state").stringValue()).isEqualTo("FAILED");
        assertThat(refused.at("/errors/0/message").stringValue()).contains("outside your region Lima");
        // someone else's import job is not found, like a missing one
        JsonNode adminJob = importAndWait(admin, REGISTER, "merge");
        assertThat(supervisor.get("/api/v1/eligibility/register/imports/" + adminJob.get("id").stringValue())
                .status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/eligibility/register/imports/" + refused.get("id").stringValue()).status())
                .isEqualTo(200);
        assertThat(admin.get("/api/v1/eligibility/candidates").json().get("total").longValue()).isEqualTo(7);
    }

    static List<String> errorPlaces(JsonNode job) {
        List<String> where = new ArrayList<>();
        job.get("errors").forEach(e -> where.add(e.get("line").intValue() + ":" + e.get("column").stringValue()));
        return where;
    }

    @Test
    @Order(4)
    void anImportNeverOverwritesWhatItsAuthorCannotSeeNorRegistersAPersonTwice() {
        // T-A1 is held in Arequipa: a Lima supervisor's file naming that internal id in Lurigancho is refused, in
        // either mode, line by line, and the Arequipa entry stays as it was
        String arequipasPerson = HEADER
                + "T-L9,71000029,Eva,Núñez Lima,1985-01-01,F,216,procesado,186,100,JIP-LIMA-01,,,48,0,,,,,,true\n"
                + "T-A1,71000006,Ana,Flores Arequipa,1980-01-01,F,216,procesado,186,100,JIP-LIMA-01,,,48,0,,,,,,true\n";
        JsonNode merged = importAndWait(supervisor, arequipasPerson, "merge");
        assertThat(merged.get("state").stringValue()).isEqualTo("FAILED");
        assertThat(errorPlaces(merged)).containsExactly("3:internal_id");
        assertThat(merged.at("/errors/0/message").stringValue()).contains("outside your region Lima");
        assertThat(merged.get("message").stringValue()).contains("nothing was imported");
        JsonNode replaced = importAndWait(supervisor, arequipasPerson, "replace");
        assertThat(replaced.get("state").stringValue()).isEqualTo("FAILED");
        // replacing Lima keeps Arequipa, so T-A1's DNI would also be registered twice
        assertThat(errorPlaces(replaced)).containsExactly("3:internal_id", "3:dni");
        assertThat(admin.get("/api/v1/eligibility/candidates/T-A1").json().at("/penalCentre/code").stringValue())
                .isEqualTo("301");
        assertThat(ids(supervisor.get("/api/v1/eligibility/candidates").json()))
                .containsExactlyInAnyOrder("T-L1", "T-L2", "T-L3", "T-L4", "T-L5");

        // one person, one entry: a new internal id with the DNI of someone the merge keeps is refused
        String twice = HEADER + REGISTER.lines().filter(l -> l.startsWith("T-L1,")).findFirst().orElseThrow()
                .replace("T-L1,", "T-L8,") + "\n";
        JsonNode dni = importAndWait(admin, twice, "merge");
        assertThat(dni.get("state").stringValue()).isEqualTo("FAILED");
        assertThat(errorPlaces(dni)).containsExactly("2:dni");
        assertThat(dni.at("/errors/0/message").stringValue()).contains("under internal id T-L1");
        assertThat(admin.get("/api/v1/eligibility/candidates/T-L8").status()).isEqualTo(404);
        // the same person under the same internal id is an update, not a second entry
        JsonNode update = importAndWait(admin, twice.replace("T-L8,", "T-L1,"), "merge");
        assertThat(update.get("state").stringValue()).as(update.toString()).isEqualTo("DONE");
        assertThat(admin.get("/api/v1/eligibility/candidates").json().get("total").longValue()).isEqualTo(7);
    }

    // ------------------------------------------------------------------------------------------ scope

    @Test
    @Order(5)
    void eachRoleSeesOnlyItsScopeAndAnythingElseIsNotFound() {
        assertThat(ids(supervisor.get("/api/v1/eligibility/candidates").json()))
                .containsExactlyInAnyOrder("T-L1", "T-L2", "T-L3", "T-L4", "T-L5");
        assertThat(supervisor.get("/api/v1/eligibility/candidates/T-A1").status()).isEqualTo(404);
        assertThat(ids(judge.get("/api/v1/eligibility/candidates").json()))
                .containsExactlyInAnyOrder("T-L1", "T-L3", "T-L4", "T-L5");
        assertThat(judge.get("/api/v1/eligibility/candidates/T-L2").status()).isEqualTo(404);
        assertThat(judge.get("/api/v1/eligibility/candidates?court=JIP-LIMA-02").json().get("total").longValue()).isZero();
        assertThat(ids(judge2.get("/api/v1/eligibility/candidates").json())).containsExactly("T-L2");
        assertThat(judge2.get("/api/v1/eligibility/candidates/T-L1").status()).isEqualTo(404);
        // a prosecutor sees the candidates of their court; without a court, none
        Api fiscal = Api.as(port, "fiscal-lima-01", "fiscal-de-lima-2026");
        assertThat(ids(fiscal.get("/api/v1/eligibility/candidates").json()))
                .containsExactlyInAnyOrder("T-L1", "T-L3", "T-L4", "T-L5");
        assertThat(fiscal.get("/api/v1/eligibility/candidates/T-L2").status()).isEqualTo(404);
        assertThat(prosecutor.get("/api/v1/eligibility/candidates").json().get("total").longValue()).isZero();
        assertThat(prosecutor.get("/api/v1/eligibility/candidates/T-L1").status()).isEqualTo(404);
        for (String user : List.of("operator", "police", "auditor")) {
            assertThat(Api.as(port, user).get("/api/v1/eligibility/candidates").status()).as(user).isEqualTo(403);
            assertThat(Api.as(port, user).get("/api/v1/eligibility/candidates/T-L1").status()).as(user).isEqualTo(403);
        }
    }

    @Test
    @Order(6)
    void exportsCarryTheCallersCandidatesWithEveryReasonInSpanishOrEnglish() throws Exception {
        Bytes csv = download("judge", "demo", "/api/v1/eligibility/candidates/export?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String text = csv.text();
        assertThat(text).startsWith("\uFEFFOrden,ID interno,DNI,Apellidos,Nombres");
        assertThat(text).contains("T-L1", "T-L3", "T-L4", "T-L5").doesNotContain("T-L2").doesNotContain("T-A1");
        assertThat(text).contains("EXCL-ROBBERY (DL 1322, art. 5 (CP art. 189)) Excluido: robo agravado");
        assertThat(text.lines().count()).isEqualTo(5);
        String english = download("judge", "demo", "/api/v1/eligibility/candidates/export?format=csv&lang=en").text();
        assertThat(english).startsWith("\uFEFFRank,Internal id,DNI,Surnames,Given names").contains("Not eligible");

        Bytes pdf = download("judge", "demo", "/api/v1/eligibility/candidates/export?format=pdf&status=ELIGIBLE");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            String content = new PDFTextStripper().getText(doc);
            assertThat(content).contains("Candidatos a vigilancia electrónica personal", "Juzgado JIP-LIMA-01",
                    "PE-2020-DL1514", "T-L1", "Apaza Lima", "DL 1322, art. 5.1.a", "Datos sintéticos");
            assertThat(content).doesNotContain("T-L2").doesNotContain("T-L4").doesNotContain("Flores Arequipa");
        }
        try (PDDocument doc = Loader.loadPDF(download("supervisor", "demo",
                "/api/v1/eligibility/candidates/export?format=pdf&lang=en").body())) {
            String content = new PDFTextStripper().getText(doc);
            assertThat(content).contains("Candidates for electronic monitoring", "region Lima", "T-L2")
                    .doesNotContain("T-A1");
        }
        assertThat(download("judge", "demo", "/api/v1/eligibility/candidates/export?format=doc").status())
                .isEqualTo(400);
        assertThat(download("police", "demo", "/api/v1/eligibility/candidates/export").status()).isEqualTo(403);
        JsonNode audit = admin.get("/api/v1/audit?action=eligibility.export&username=judge").json();
        assertThat(audit.size()).isGreaterThanOrEqualTo(3);
    }

    // ------------------------------------------------------------------------------------------ EM requests

    @Test
    @Order(7)
    void aCandidateBecomesAnEmRequestInOneStepOnceAndAudited() {
        Api.Response r = supervisor.post("/api/v1/eligibility/candidates/T-L1/em-request", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String orderId = r.json().get("orderId").stringValue();
        JsonNode order = supervisor.get("/api/v1/orders/" + orderId).json();
        assertThat(order.get("status").stringValue()).isEqualTo("REQUESTED");
        assertThat(order.get("courtCode").stringValue()).isEqualTo("JIP-LIMA-01");
        assertThat(order.get("measureType").stringValue()).isEqualTo("PRETRIAL_RESTRICTION");
        assertThat(order.get("expediente").stringValue()).isEqualTo("00101-2025-0-1801-JR-PE-01");
        assertThat(order.get("synthetic").booleanValue()).isTrue();
        assertThat(judge.get("/api/v1/orders/" + orderId).status()).isEqualTo(200); // the court of the case sees it
        assertThat(admin.get("/api/v1/eligibility/candidates/T-L1").json().get("orderId").stringValue())
                .isEqualTo(orderId);
        assertThat(admin.get("/api/v1/audit?action=eligibility.em-request&recordId=T-L1").json().size()).isEqualTo(1);

        assertThat(supervisor.post("/api/v1/eligibility/candidates/T-L1/em-request", Map.of()).status()).isEqualTo(409);
        assertThat(supervisor.post("/api/v1/eligibility/candidates/T-L4/em-request", Map.of()).status())
                .as("not eligible").isEqualTo(409);
        assertThat(supervisor.post("/api/v1/eligibility/candidates/T-A1/em-request", Map.of()).status())
                .as("out of the supervisor's region").isEqualTo(404);
        assertThat(judge.post("/api/v1/eligibility/candidates/T-L3/em-request", Map.of()).status()).isEqualTo(403);
        Api.Response noCourt = admin.post("/api/v1/eligibility/candidates/T-A2/em-request", Map.of());
        assertThat(noCourt.status()).isEqualTo(400);
        assertThat(noCourt.json().get("field").stringValue()).isEqualTo("courtCode");
        Api.Response condenado = admin.post("/api/v1/eligibility/candidates/T-L2/em-request", Map.of());
        assertThat(condenado.status()).isEqualTo(201);
        assertThat(admin.get("/api/v1/orders/" + condenado.json().get("orderId").stringValue()).json()
                .get("measureType").stringValue()).isEqualTo("SENTENCE_CONVERSION");
    }

    // ------------------------------------------------------------------------------------------ rule sets

    @Test
    @Order(8)
    void aNewDecreeReevaluatesEveryoneAndListsWhoChangedAndWhyInScope() {
        JsonNode activation = admin.post("/api/v1/eligibility/rule-sets/" + dl1585 + "/activation", Map.of()).json();
        assertThat(activation.at("/ruleSet/active").booleanValue()).isTrue();
        JsonNode run = activation.get("run");
        assertThat(run.get("evaluated").intValue()).isEqualTo(7);
        assertThat(run.get("changed").longValue()).isEqualTo(2); // T-L2 loses the community service, T-L3 becomes eligible
        assertThat(run.get("fromCode").stringValue()).isEqualTo("PE-2020-DL1514");
        long runId = run.get("id").longValue();

        JsonNode all = supervisor.get("/api/v1/eligibility/runs/" + runId + "/changes").json();
        assertThat(all.get("total").longValue()).isEqualTo(2);
        JsonNode l3 = all.get("items").get(1);
        assertThat(l3.get("internalId").stringValue()).isEqualTo("T-L3");
        assertThat(l3.get("oldStatus").stringValue()).isEqualTo("NOT_ELIGIBLE");
        assertThat(l3.get("newStatus").stringValue()).isEqualTo("ELIGIBLE");
        assertThat(l3.at("/oldReasons/2/basis").stringValue()).isEqualTo("Código Penal, art. 52-B.2.b (DL 1514)");
        assertThat(l3.at("/oldReasons/2/effect").stringValue()).isEqualTo("NOT_MET");
        assertThat(l3.at("/newReasons/0/basis").stringValue()).isEqualTo("Código Penal, art. 52-B.2.b (DL 1585)");
        assertThat(l3.at("/newReasons/0/effect").stringValue()).isEqualTo("MET");
        assertThat(l3.get("newCommunityService").booleanValue()).isTrue();
        JsonNode l2 = all.get("items").get(0);
        assertThat(l2.get("oldCommunityService").booleanValue()).isTrue();
        assertThat(l2.get("newCommunityService").booleanValue()).isFalse();

        // judge of court 01 sees T-L3 only; the judge of court 02 T-L2 only; counts in their scope
        JsonNode mine = judge.get("/api/v1/eligibility/runs/" + runId + "/changes").json();
        assertThat(mine.get("total").longValue()).isEqualTo(1);
        assertThat(mine.at("/items/0/internalId").stringValue()).isEqualTo("T-L3");
        assertThat(mine.at("/run/changed").longValue()).isEqualTo(1);
        // the list of runs counts, for each caller, only the changes in their scope
        JsonNode listed = null;
        for (JsonNode r : judge.get("/api/v1/eligibility/runs").json()) {
            if (r.get("id").longValue() == runId) {
                listed = r;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("changed").longValue()).isEqualTo(1);
        for (JsonNode r : prosecutor.get("/api/v1/eligibility/runs").json()) {
            assertThat(r.get("changed").longValue()).as("a prosecutor without a court").isZero();
        }
        assertThat(judge2.get("/api/v1/eligibility/runs/" + runId + "/changes").json().at("/items/0/internalId")
                .stringValue()).isEqualTo("T-L2");
        assertThat(prosecutor.get("/api/v1/eligibility/runs/" + runId + "/changes").json().get("total").longValue())
                .isZero();
        assertThat(judge.get("/api/v1/eligibility/runs/999999/changes").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/eligibility/candidates").json().at("/ruleSet/code").stringValue())
                .isEqualTo("PE-2023-DL1585");
    }

    @Test
    @Order(9)
    void anUploadedRuleSetIsCheckedStoredAndActivated() {
        ObjectNode doc = (ObjectNode) admin.get("/api/v1/eligibility/rule-sets/" + dl1585).json().get("document");
        doc.put("code", "TEST-2026-PRE10");
        // a decree that opens pretrial monitoring up to 10 years
        doc.get("rules").forEach(r -> {
            if (r.get("id").stringValue().equals("PRE-5.1.A")) {
                ((ObjectNode) r).put("maxMonths", 120);
            }
        });
        assertThat(supervisor.send("POST", "/api/v1/eligibility/rule-sets", doc.toString(), "application/json")
                .status()).isEqualTo(403);
        Api.Response up = admin.send("POST", "/api/v1/eligibility/rule-sets", doc.toString(), "application/json");
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        assertThat(up.json().at("/ruleSet/active").booleanValue()).isTrue();
        assertThat(up.json().at("/run/changed").longValue()).isZero(); // nobody in the register is affected
        assertThat(admin.send("POST", "/api/v1/eligibility/rule-sets", doc.toString(), "application/json").status())
                .as("the same code twice").isEqualTo(409);
        doc.put("code", "TEST-2026-BROKEN");
        ((ObjectNode) doc.get("rules").get(0)).put("maxMonths", "diez");
        Api.Response bad = admin.send("POST", "/api/v1/eligibility/rule-sets", doc.toString(), "application/json");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").stringValue()).isEqualTo("rules[0].maxMonths");
        assertThat(admin.send("POST", "/api/v1/eligibility/rule-sets", "{not json", "application/json").status())
                .isEqualTo(400);
        assertThat(admin.post("/api/v1/eligibility/rule-sets/" + dl1585 + "/activation", Map.of()).status())
                .isEqualTo(200);
    }

    @Test
    @Order(10)
    void aRuleSetThatOnlyWidensAPriorityGroupListsWhoseRankChangedInScope() {
        ObjectNode doc = (ObjectNode) admin.get("/api/v1/eligibility/rule-sets/" + dl1585).json().get("document");
        doc.put("code", "TEST-2026-PRIO40");
        doc.get("rules").forEach(r -> {
            if (r.get("id").stringValue().equals("PRIO-OVER-65")) {
                ((ObjectNode) r).put("olderThanYears", 40);
            }
        });
        Api.Response up = admin.send("POST", "/api/v1/eligibility/rule-sets", doc.toString(), "application/json");
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        // nobody changes status: T-L1, T-L2, T-L3 (Lima) and T-A1 (Arequipa), eligible and born in 1980, join the
        // group; T-A2 was in it already, T-L5 is younger, T-L4 is not eligible
        assertThat(up.json().at("/run/changed").longValue()).isEqualTo(4);
        long runId = up.json().at("/run/id").longValue();
        JsonNode lima = supervisor.get("/api/v1/eligibility/runs/" + runId + "/changes").json();
        assertThat(ids(lima)).containsExactly("T-L1", "T-L2", "T-L3");
        JsonNode l1 = lima.get("items").get(0);
        assertThat(l1.get("oldStatus").stringValue()).isEqualTo("ELIGIBLE");
        assertThat(l1.get("newStatus").stringValue()).isEqualTo("ELIGIBLE");
        assertThat(l1.get("oldPriority").intValue()).isZero();
        assertThat(l1.get("newPriority").intValue()).isEqualTo(1);
        List<String> before = new ArrayList<>();
        l1.get("oldReasons").forEach(r -> before.add(r.get("ruleId").stringValue() + ":" + r.get("effect").stringValue()));
        assertThat(before).doesNotContain("PRIO-OVER-65:PRIORITY");
        JsonNode joined = null;
        for (JsonNode r : l1.get("newReasons")) {
            if (r.get("ruleId").stringValue().equals("PRIO-OVER-65")) {
                joined = r;
            }
        }
        assertThat(joined).isNotNull();
        assertThat(joined.get("effect").stringValue()).isEqualTo("PRIORITY");
        assertThat(joined.get("basis").stringValue()).isEqualTo("Código Penal, art. 29-A.5.a");
        assertThat(ids(judge.get("/api/v1/eligibility/runs/" + runId + "/changes").json()))
                .containsExactly("T-L1", "T-L3");
        assertThat(ids(judge2.get("/api/v1/eligibility/runs/" + runId + "/changes").json())).containsExactly("T-L2");
        assertThat(prosecutor.get("/api/v1/eligibility/runs/" + runId + "/changes").json().get("total").longValue())
                .isZero();
        // back to the decree in force: the same four leave the group again
        JsonNode back = admin.post("/api/v1/eligibility/rule-sets/" + dl1585 + "/activation", Map.of()).json();
        assertThat(back.at("/run/changed").longValue()).isEqualTo(4);
    }

    // ------------------------------------------------------------------------------------------ projection

    @Test
    @Order(11)
    void theProjectionCountsTheEligiblePerEstablishmentInTheCallersScope() throws Exception {
        JsonNode p = admin.get("/api/v1/eligibility/projection?share=1").json();
        JsonNode lurigancho = null;
        for (JsonNode c : p.get("centres")) {
            if ("216".equals(c.at("/centre/code").asString(""))) {
                lurigancho = c;
            }
        }
        assertThat(lurigancho).isNotNull();
        // under DL 1585: T-L1 and T-L2 eligible in Lurigancho (T-L5 needs review, T-L4 excluded)
        assertThat(lurigancho.at("/centre/eligible").longValue()).isEqualTo(2);
        assertThat(lurigancho.at("/centre/registered").longValue()).isEqualTo(4);
        assertThat(lurigancho.get("moved").longValue()).isEqualTo(2);
        assertThat(lurigancho.at("/now/occupancyPercent").doubleValue()).isEqualTo(312.5); // 10,013 / 3,204
        assertThat(lurigancho.at("/projected/population").longValue()).isEqualTo(10_011);
        assertThat(p.get("centres").size()).isEqualTo(69);
        assertThat(p.at("/total/name").stringValue()).isEqualTo("Perú");
        assertThat(p.at("/total/moved").longValue()).isEqualTo(5); // T-L1, T-L2, T-L3, T-A1, T-A2
        assertThat(p.at("/total/now/population").longValue()).isEqualTo(103_717);
        assertThat(p.at("/total/costs/savingPerDay").decimalValue()).isEqualByComparingTo("25.00"); // 5 × (30 − 25)
        assertThat(p.at("/settings/prisonCostPerDay").decimalValue()).isEqualByComparingTo("30.00");

        JsonNode priority = admin.get("/api/v1/eligibility/projection?share=1&group=PRIORITY").json();
        assertThat(priority.at("/total/moved").longValue()).isEqualTo(1); // T-A2 (over 65, ill)

        JsonNode lima = supervisor.get("/api/v1/eligibility/projection?share=0.5").json();
        assertThat(lima.at("/total/name").stringValue()).isEqualTo("Lima");
        assertThat(lima.get("centres")).allSatisfy(c -> assertThat(c.at("/centre/region").stringValue()).isEqualTo("Lima"));
        assertThat(lima.at("/total/eligible").longValue()).isEqualTo(3); // T-L1, T-L2, T-L3
        assertThat(supervisor.get("/api/v1/eligibility/projection?share=2").status()).isEqualTo(400);
        assertThat(supervisor.get("/api/v1/eligibility/projection?group=SOME").status()).isEqualTo(400);
        assertThat(judge.get("/api/v1/eligibility/projection").status()).isEqualTo(403);

        Bytes csv = download("supervisor", "demo", "/api/v1/eligibility/projection/export?share=1");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.text()).contains("E.P. de Lurigancho").doesNotContain("E.P. de Arequipa");
        // every row carries its scenario; the establishments, then the regional office, then the caller's total
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.text().substring(1))).getRecords();
        CSVRecord luriganchoRow = rows.stream().filter(r -> r.get("Establecimiento").equals("E.P. de Lurigancho")
                || r.get("Código").equals("216")).findFirst().orElseThrow();
        assertThat(luriganchoRow.get("Nivel")).isEqualTo("Establecimiento");
        assertThat(luriganchoRow.get("Pasarían a VEP")).isEqualTo("2");
        assertThat(luriganchoRow.get("Dispositivos")).isEqualTo("3"); // ⌈2 × 1.19⌉
        assertThat(luriganchoRow.get("Ahorro por año (S/)")).isEqualTo("3650.00"); // 2 × (30 − 25) × 365
        assertThat(luriganchoRow.get("Proporción trasladada (0-1)")).isEqualTo("1.0");
        assertThat(luriganchoRow.get("Grupo")).isEqualTo("Todos los elegibles");
        assertThat(luriganchoRow.get("Cifras INPE al")).isEqualTo("2026-01-31");
        CSVRecord total = rows.get(rows.size() - 1);
        assertThat(total.get("Nivel")).isEqualTo("Total");
        assertThat(total.get("Establecimiento")).isEqualTo("Lima");
        assertThat(total.get("Pasarían a VEP")).isEqualTo("3"); // T-L1, T-L2, T-L3
        assertThat(total.get("Dispositivos")).isEqualTo("4"); // ⌈3 × 1.19⌉
        assertThat(total.get("Personal del centro de monitoreo")).isEqualTo("1");
        assertThat(total.get("Ahorro por mes (S/)")).isEqualTo("456.25"); // 15 × 365 / 12
        assertThat(rows.get(rows.size() - 2).get("Nivel")).isEqualTo("Oficina regional");
        assertThat(rows.get(rows.size() - 2).get("Pasarían a VEP")).isEqualTo("3");
        String english = download("supervisor", "demo", "/api/v1/eligibility/projection/export?share=0.5&group=PRIORITY"
                + "&lang=en").text();
        assertThat(english).contains("Priority groups only", "Saving per year (S/)", "0.5");
    }
}
