package org.alterna.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.alarms.AlarmIntake;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Periodic reports: a court's schedule (monthly unless its judge sets another), the report of every order monitored
 * in a finished period made once and queued in the notification outbox for the court's judges, never twice. On H2 and
 * on PostgreSQL.
 */
class PeriodicReportsTest {
    abstract static class Contract {
        @LocalServerPort
        int port;

        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        AlarmIntake intake;

        @Autowired
        PeriodicReports periodic;

        @Autowired
        CourtSchedules schedules;

        @Test
        void finishedPeriods() {
            assertThat(CourtSchedules.lastFinished(CourtSchedules.Frequency.MONTHLY, LocalDate.parse("2026-03-15")))
                    .contains(new CourtSchedules.Period(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-03-01")));
            assertThat(CourtSchedules.lastFinished(CourtSchedules.Frequency.MONTHLY, LocalDate.parse("2026-03-01")))
                    .contains(new CourtSchedules.Period(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-03-01")));
            assertThat(CourtSchedules.lastFinished(CourtSchedules.Frequency.WEEKLY, LocalDate.parse("2026-03-04")))
                    .contains(new CourtSchedules.Period(LocalDate.parse("2026-02-23"), LocalDate.parse("2026-03-02")));
            assertThat(CourtSchedules.lastFinished(CourtSchedules.Frequency.QUARTERLY, LocalDate.parse("2026-05-10")))
                    .contains(new CourtSchedules.Period(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-04-01")));
            assertThat(CourtSchedules.lastFinished(CourtSchedules.Frequency.NONE, LocalDate.parse("2026-05-10")))
                    .isEmpty();
        }

        @Test
        void aCourtsScheduleIsItsJudgesAndTheAdministratorsToSet() {
            Api judge = Api.as(port, "judge");
            Api.as(port, "admin").post("/api/v1/courts", Map.of("code", "JIP-LIMA-01", "name", "Juzgado JIP-LIMA-01",
                    "judicialDistrict", "Lima", "region", "Lima"));
            Api.as(port, "admin").post("/api/v1/courts", Map.of("code", "JIP-LIMA-02", "name", "Juzgado JIP-LIMA-02",
                    "judicialDistrict", "Lima", "region", "Lima"));
            assertThat(Api.as(port, "supervisor").get("/api/v1/courts/JIP-LIMA-01/report-schedule").json()
                    .get("frequency").asString()).isIn("MONTHLY", "WEEKLY");
            Api.Response set = judge.put("/api/v1/courts/JIP-LIMA-01/report-schedule", Map.of("frequency", "weekly",
                    "language", "es", "addresses", List.of("mesa.partes@pj.invalid.pe")));
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
            assertThat(set.json().get("frequency").asString()).isEqualTo("WEEKLY");
            assertThat(set.json().get("configured").asBoolean()).isTrue();
            assertThat(judge.get("/api/v1/courts/JIP-LIMA-02/report-schedule").status()).as("another court")
                    .isEqualTo(404);
            assertThat(Api.as(port, "judge2").put("/api/v1/courts/JIP-LIMA-01/report-schedule",
                    Map.of("frequency", "NONE")).status()).isEqualTo(404);
            assertThat(Api.as(port, "supervisor").put("/api/v1/courts/JIP-LIMA-01/report-schedule",
                    Map.of("frequency", "NONE")).status()).as("a refused role").isEqualTo(403);
            assertThat(judge.get("/api/v1/courts/NO-SUCH-COURT/report-schedule").status()).isEqualTo(404);
            Api.Response bad = judge.put("/api/v1/courts/JIP-LIMA-01/report-schedule", Map.of("frequency", "DAILY"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("field").asString()).isEqualTo("frequency");
            Api.Response address = judge.put("/api/v1/courts/JIP-LIMA-01/report-schedule", Map.of("frequency",
                    "MONTHLY", "addresses", List.of("not an address")));
            assertThat(address.json().get("field").asString()).isEqualTo("addresses[0]");
            assertThat(schedules.schedule("JIP-LIMA-01").frequency()).as("a refused change changes nothing")
                    .isEqualTo(CourtSchedules.Frequency.WEEKLY);
        }

        @Test
        void aFinishedPeriodGetsOneReportPerOrderQueuedForTheCourt() {
            CaseFixture c = CaseFixture.create(port, jdbc, intake);
            UUID order = UUID.fromString(c.orderId);
            ZoneId lima = ZoneId.of("America/Lima");
            LocalDate today = LocalDate.now(lima);
            CourtSchedules.Period period = new CourtSchedules.Period(today.minusDays(3), today);
            CourtSchedules.Schedule schedule = new CourtSchedules.Schedule("JIP-LIMA-01",
                    CourtSchedules.Frequency.WEEKLY, "es", List.of("mesa.partes@pj.invalid.pe"), true);

            List<PeriodicReports.Made> made = periodic.run(schedule, period);
            PeriodicReports.Made ours = made.stream().filter(m -> m.orderId().equals(order)).findFirst().orElseThrow();
            assertThat(ours.recipients()).isGreaterThanOrEqualTo(2);
            List<Map<String, Object>> queued = jdbc.queryForList("SELECT target, subject, body, status FROM "
                    + "notification_outbox WHERE event = 'COURT_REPORT' AND body LIKE ?", "%" + c.orderId + "%");
            assertThat(queued).extracting(m -> m.get("target")).contains("judge@demo.alterna.invalid",
                    "mesa.partes@pj.invalid.pe");
            assertThat(queued).allSatisfy(m -> {
                assertThat((String) m.get("subject")).contains("Informe periódico de cumplimiento",
                        "00123-2026-1-1801-JR-PE-01");
                assertThat((String) m.get("body")).contains("/console/orders/" + c.orderId, "SHA-256");
            });
            Map<String, Object> doc = jdbc.queryForMap("SELECT kind, periodic, period_from, period_to FROM "
                    + "case_document WHERE id = ?", ours.documentId());
            assertThat(doc.get("kind")).isEqualTo("COMPLIANCE_REPORT");
            assertThat(doc.get("periodic")).isEqualTo(true);

            // the next run makes nothing again for that period
            assertThat(periodic.run(schedule, period)).noneMatch(m -> m.orderId().equals(order));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM periodic_report WHERE order_id = ?", Long.class,
                    order)).isEqualTo(1);
            // the judge finds it among the order's reports
            assertThat(Api.as(port, "judge").get("/api/v1/orders/" + c.orderId + "/reports").json()
                    .findValuesAsString("id")).contains(ours.documentId().toString());
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
