package org.alterna.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.alterna.simulation.fleet.RegisterGenerator;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The register import, ranked lists, a re-evaluation and the projection on PostgreSQL 15. */
@PostgresTest
class EligibilityPostgresTest {
    @LocalServerPort
    int port;

    @Test
    void aSyntheticRegisterIsImportedTriagedReevaluatedAndProjectedOnPostgres() throws IOException {
        Api admin = Api.as(port, "admin");
        try (InputStream in = getClass().getResourceAsStream("/reference/inpe_establishments.csv")) {
            assertThat(admin.send("POST", "/api/v1/penal-centres/import",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), "text/csv").status()).isEqualTo(200);
        }
        int dl1514 = 0;
        int dl1585 = 0;
        for (JsonNode s : admin.get("/api/v1/eligibility/rule-sets").json()) {
            if (s.get("code").stringValue().equals("PE-2020-DL1514")) {
                dl1514 = s.get("version").intValue();
            } else if (s.get("code").stringValue().equals("PE-2023-DL1585")) {
                dl1585 = s.get("version").intValue();
                assertThat(s.get("active").booleanValue()).as("the newest shipped rule set is active").isTrue();
            }
        }
        assertThat(admin.post("/api/v1/eligibility/rule-sets/" + dl1514 + "/activation", Map.of()).status()).isEqualTo(200);
        String csv = RegisterGenerator.csv(11, 0.01, LocalDate.now(ZoneId.of("America/Lima")));
        long people = csv.lines().count() - 1;
        Api.Response r = admin.send("POST", "/api/v1/eligibility/register/imports", csv, "text/csv");
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("id").stringValue();
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/api/v1/eligibility/register/imports/" + id)
                .json().get("state").stringValue().matches("DONE|FAILED"));
        JsonNode job = admin.get("/api/v1/eligibility/register/imports/" + id).json();
        assertThat(job.get("state").stringValue()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("rows").longValue()).isEqualTo(people);

        JsonNode page = admin.get("/api/v1/eligibility/candidates?size=200").json();
        assertThat(page.get("total").longValue()).isEqualTo(people);
        assertThat(page.at("/items/0/rank").longValue()).isEqualTo(1);
        assertThat(page.at("/items/0/status").stringValue()).isEqualTo("ELIGIBLE");
        assertThat(page.at("/items/199/rank").longValue()).isEqualTo(200);

        JsonNode run = admin.post("/api/v1/eligibility/rule-sets/" + dl1585 + "/activation", Map.of()).json().get("run");
        assertThat(run.get("evaluated").longValue()).isEqualTo(people);
        assertThat(run.get("changed").longValue()).isPositive();
        JsonNode changes = admin.get("/api/v1/eligibility/runs/" + run.get("id").longValue() + "/changes").json();
        assertThat(changes.get("total").longValue()).isEqualTo(run.get("changed").longValue());
        assertThat(changes.at("/items/0/oldPriority").isInt()).as(changes.toString()).isTrue();
        assertThat(changes.at("/items/0/newPriority").isInt()).isTrue();

        // a merge may not register a second entry for a DNI the register keeps
        String first = csv.lines().skip(1).findFirst().orElseThrow();
        String again = RegisterGenerator.HEADER + "\n" + first.replaceFirst("^SIM-[^,]+,", "OTHER-1,") + "\n";
        Api.Response m = admin.send("POST", "/api/v1/eligibility/register/imports?mode=merge", again, "text/csv");
        assertThat(m.status()).as(m.toString()).isEqualTo(202);
        String mid = m.json().get("id").stringValue();
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/api/v1/eligibility/register/imports/" + mid)
                .json().get("state").stringValue().matches("DONE|FAILED"));
        JsonNode refused = admin.get("/api/v1/eligibility/register/imports/" + mid).json();
        assertThat(refused.get("state").stringValue()).as(refused.toString()).isEqualTo("FAILED");
        assertThat(refused.at("/errors/0/line").intValue()).isEqualTo(2);
        assertThat(refused.at("/errors/0/column").stringValue()).isEqualTo("dni");
        assertThat(admin.get("/api/v1/eligibility/candidates?size=1").json().get("total").longValue()).isEqualTo(people);

        JsonNode after = admin.get("/api/v1/eligibility/candidates?size=1").json();
        JsonNode projection = admin.get("/api/v1/eligibility/projection?share=1").json();
        assertThat(projection.at("/total/eligible").longValue()).isEqualTo(after.at("/counts/ELIGIBLE").longValue());
        assertThat(projection.at("/total/registered").longValue()).isEqualTo(people);
    }
}
