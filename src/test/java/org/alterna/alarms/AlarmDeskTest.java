package org.alterna.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The alarm desk end to end over real HTTP, on H2 and on PostgreSQL. */
class AlarmDeskTest {

    abstract static class Contract {
        @LocalServerPort
        int port;
        @Autowired
        AlarmIntake intake;
        @Autowired
        AlarmService service;
        @Autowired
        JdbcClient jdbc;
        @Autowired
        MutableClock clock;
        @Autowired
        MeterRegistry meters;

        Api admin;
        Api operator;
        Api supervisor;
        Api judge;
        Api judge2;
        Api prosecutor;
        Api police;
        Api auditor;

        @BeforeEach
        void setUp() {
            clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
            admin = Api.as(port, "admin");
            operator = Api.as(port, "operator");
            supervisor = Api.as(port, "supervisor");
            judge = Api.as(port, "judge");
            judge2 = Api.as(port, "judge2");
            prosecutor = Api.as(port, "prosecutor");
            police = Api.as(port, "police");
            auditor = Api.as(port, "auditor");
        }

        long count(String sql, Object... params) {
            return jdbc.sql(sql).params(params).query(Long.class).single();
        }

        @Test
        void anOngoingConditionIsOneAlarmAndFlappingIsMerged() {
            UUID order = AlarmFixtures.order(port);
            Instant t = clock.instant().minusSeconds(600);
            Alarm first = intake.raise(AlarmFixtures.signal(order, "INCLUSION_ZONE", "home", t));
            Alarm again = intake.raise(AlarmFixtures.signal(order, "INCLUSION_ZONE", "home", t.minusSeconds(120)));
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(again.conditionStart()).isEqualTo(t.minusSeconds(120));
            assertThat(count("select count(*) from alarm_evidence where alarm_id = ?", first.id())).isEqualTo(2);
            // another zone or type is another alarm
            assertThat(intake.raise(AlarmFixtures.signal(order, "INCLUSION_ZONE", "work", t)).id())
                    .isNotEqualTo(first.id());
            assertThat(intake.raise(AlarmFixtures.signal(order, "LOW_BATTERY", null, t)).id())
                    .isNotEqualTo(first.id());

            // the person is back home: recorded, not resolved
            intake.conditionCleared(order, "INCLUSION_ZONE", "home", t.plusSeconds(60));
            JsonNode cleared = operator.get("/api/v1/alarms/" + first.id()).json();
            assertThat(cleared.at("/alarm/status").asString()).isEqualTo("OPEN");
            assertThat(cleared.at("/alarm/conditionEndedAt").isMissingNode()).isFalse();

            // leaves again 5 minutes later (within the merge window): the same alarm, condition re-opened
            Alarm flap = intake.raise(AlarmFixtures.signal(order, "INCLUSION_ZONE", "home", t.plusSeconds(360)));
            assertThat(flap.id()).isEqualTo(first.id());
            assertThat(flap.flaps()).isEqualTo(1);
            assertThat(flap.conditionEndedAt()).isNull();
            assertThat(flap.conditionStart()).isEqualTo(t.minusSeconds(120));

            // clears and comes back after the window: a new episode, a new alarm
            intake.conditionCleared(order, "INCLUSION_ZONE", "home", t.plusSeconds(400));
            Alarm later = intake.raise(AlarmFixtures.signal(order, "INCLUSION_ZONE", "home", t.plusSeconds(400 + 660)));
            assertThat(later.id()).isNotEqualTo(first.id());
            assertThat(count("select count(*) from alarm where order_id = ? and type = 'INCLUSION_ZONE' and zone = 'home'",
                    order)).isEqualTo(2);
            List<String> actions = operator.get("/api/v1/alarms/" + first.id()).json().at("/history")
                    .findValuesAsString("action");
            assertThat(actions).containsExactly("raised", "merged", "condition-cleared", "condition-reopened",
                    "condition-cleared");
        }

        @Test
        void scopeFollowsTheOrderAndPoliceSeeOnlyOpenCriticalAlarms() {
            UUID order = AlarmFixtures.order(port);
            Alarm critical = intake.raise(AlarmFixtures.signal(order, "STRAP_TAMPER", null, clock.instant()));
            Alarm serious = intake.raise(AlarmFixtures.signal(order, "NO_COMMUNICATION", null, clock.instant()));
            String path = "/api/v1/alarms/" + critical.id();
            assertThat(judge.get(path).status()).isEqualTo(200);
            assertThat(judge2.get(path).status()).isEqualTo(404);
            assertThat(judge2.post(path + "/acknowledgement", "{}").status()).isEqualTo(403);
            assertThat(judge2.get("/api/v1/alarms?orderId=" + order).json()).isEmpty();
            assertThat(prosecutor.get(path).status()).isEqualTo(200);
            assertThat(operator.get(path).status()).isEqualTo(200);
            assertThat(supervisor.get(path).status()).isEqualTo(200);
            assertThat(auditor.get(path).status()).isEqualTo(403);

            List<String> policeSees = police.get("/api/v1/alarms?limit=1000").json().findValuesAsString("id");
            assertThat(policeSees).contains(critical.id().toString()).doesNotContain(serious.id().toString());
            assertThat(police.get("/api/v1/alarms/" + serious.id()).status()).isEqualTo(404);
            JsonNode seen = police.get(path).json();
            assertThat(seen.at("/alarm/position/lat").asDouble()).isEqualTo(-12.1211);
            assertThat(seen.has("history")).isFalse();
            assertThat(police.post(path + "/acknowledgement", "{}").status()).isEqualTo(403);

            // sorted: critical before serious
            List<String> ids = operator.get("/api/v1/alarms?orderId=" + order).json().findValuesAsString("id");
            assertThat(ids).containsExactly(critical.id().toString(), serious.id().toString());
            assertThat(operator.get("/api/v1/alarms?severity=SERIOUS&orderId=" + order).json()
                    .findValuesAsString("id")).containsExactly(serious.id().toString());
            assertThat(operator.get("/api/v1/alarms?status=NOPE").json().get("field").asString()).isEqualTo("status");

            // once resolved, police no longer see it
            operator.post(path + "/acknowledgement", "{}");
            assertThat(operator.post(path + "/resolution", Map.of("code", "TECHNICAL", "note", "strap sensor fault"))
                    .status()).isEqualTo(200);
            assertThat(police.get(path).status()).isEqualTo(404);
        }

        @Test
        void fromAlarmToIncidentReport() {
            UUID order = AlarmFixtures.order(port);
            Alarm alarm = intake.raise(AlarmFixtures.signal(order, "VICTIM_PROXIMITY", "victim",
                    clock.instant().minusSeconds(30)));
            String path = "/api/v1/alarms/" + alarm.id();
            JsonNode detail = operator.get(path).json();
            assertThat(detail.at("/alarm/severity").asString()).isEqualTo("CRITICAL");
            assertThat(detail.at("/alarm/secondsLeft").asLong()).isBetween(110L, 120L);
            assertThat(detail.get("checklist").findValuesAsString("key"))
                    .containsExactly("call-victim", "call-person", "call-police");
            assertThat(detail.at("/checklist/0/es").asString()).startsWith("Llamar a la víctima");
            assertThat(detail.at("/checklist/0/en").asString()).startsWith("Call the victim");

            Api.Response early = operator.post(path + "/resolution", Map.of("code", "TECHNICAL", "note", "x"));
            assertThat(early.status()).isEqualTo(409);
            assertThat(early.json().get("detail").asString()).contains("acknowledge it before resolving");

            clock.advance(Duration.ofSeconds(40));
            JsonNode acked = operator.post(path + "/acknowledgement", "{}").json();
            assertThat(acked.at("/alarm/status").asString()).isEqualTo("ACKNOWLEDGED");
            assertThat(acked.at("/alarm/acknowledgedBy").asString()).isEqualTo("operator");
            assertThat(operator.post(path + "/acknowledgement", "{}").status()).isEqualTo(409);

            assertThat(operator.post(path + "/steps/call-victim", Map.of("note", "a salvo en casa")).status())
                    .isEqualTo(200);
            assertThat(operator.post(path + "/steps/call-victim", Map.of()).status()).isEqualTo(409);
            assertThat(operator.post(path + "/steps/no-such-step", Map.of()).status()).isEqualTo(404);
            clock.advance(Duration.ofSeconds(20));
            operator.post(path + "/steps/call-police", "{}");

            Api.Response noNote = operator.post(path + "/resolution", Map.of("code", "CONFIRMED_VIOLATION"));
            assertThat(noNote.status()).isEqualTo(400);
            assertThat(noNote.json().get("field").asString()).isEqualTo("note");
            Api.Response noCode = operator.post(path + "/resolution", Map.of("note", "se acercó a 200 m"));
            assertThat(noCode.status()).isEqualTo(400);
            assertThat(noCode.json().get("field").asString()).isEqualTo("code");
            Api.Response badCode = operator.post(path + "/resolution", Map.of("code", "MAYBE", "note", "x"));
            assertThat(badCode.json().get("field").asString()).isEqualTo("code");

            JsonNode resolved = operator.post(path + "/resolution", Map.of("code", "CONFIRMED_VIOLATION",
                    "note", "Se acercó a 200 m del domicilio de la víctima")).json();
            assertThat(resolved.get("resolutionCode").asString()).isEqualTo("CONFIRMED_VIOLATION");
            assertThat(resolved.get("history").findValuesAsString("action")).containsExactly("raised",
                    "acknowledged", "step-completed", "step-completed", "resolved", "incident-report");
            assertThat(operator.post(path + "/escalation", "{}").status()).isEqualTo(409);

            List<String> reports = judge.get("/api/v1/incident-reports").json().findValuesAsString("alarmId");
            assertThat(reports).contains(alarm.id().toString());
            JsonNode list = prosecutor.get("/api/v1/incident-reports?status=PENDING").json();
            JsonNode mine = null;
            for (JsonNode r : list) {
                if (r.get("alarmId").asString().equals(alarm.id().toString())) {
                    mine = r;
                }
            }
            assertThat(mine).isNotNull();
            String reportPath = "/api/v1/incident-reports/" + mine.get("id").asString();
            assertThat(judge2.get(reportPath).status()).isEqualTo(404);
            assertThat(judge2.get("/api/v1/incident-reports").json().findValuesAsString("alarmId"))
                    .doesNotContain(alarm.id().toString());
            assertThat(operator.get(reportPath).status()).isEqualTo(403);
            JsonNode report = judge.get(reportPath).json().get("content");
            assertThat(report.at("/rule/alarmType").asString()).isEqualTo("VICTIM_PROXIMITY");
            assertThat(report.at("/when/start/zone").asString()).isEqualTo("America/Lima");
            Instant start = alarm.conditionStart();
            assertThat(report.at("/when/start/utc").asString()).isEqualTo(start.toString());
            assertThat(report.at("/when/start/local").asString()).isEqualTo(
                    java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                            .format(start.atZone(java.time.ZoneId.of("America/Lima"))));
            assertThat(report.at("/where/0/accuracyMeters").asDouble()).isEqualTo(8.0);
            assertThat(report.at("/actions/0/done").asBoolean()).isTrue();
            assertThat(report.at("/actions/0/note").asString()).isEqualTo("a salvo en casa");
            assertThat(report.at("/actions/1/done").asBoolean()).isFalse();
            assertThat(report.at("/resolution/note").asString()).startsWith("Se acercó");
            assertThat(count("select count(*) from audit_entry where record_id = ? and action = 'alarm.resolved'",
                    alarm.id().toString())).isEqualTo(1);
            assertThat(count("select count(*) from audit_entry where record_id = ? and action = 'alarm.step-completed'",
                    alarm.id().toString())).isEqualTo(2);
        }

        @Test
        void missedSlaEscalatesToTheRegionSupervisor() {
            UUID order = AlarmFixtures.order(port);
            Alarm alarm = intake.raise(AlarmFixtures.signal(order, "EXCLUSION_ZONE", "school", clock.instant()));
            double before = meters.find("alterna.alarms.sla.missed").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            clock.advance(Duration.ofSeconds(119));
            service.checkSla();
            assertThat(operator.get("/api/v1/alarms/" + alarm.id()).json().at("/alarm/status").asString())
                    .isEqualTo("OPEN");

            clock.advance(Duration.ofSeconds(2));
            service.checkSla();
            JsonNode d = supervisor.get("/api/v1/alarms/" + alarm.id()).json();
            assertThat(d.at("/alarm/status").asString()).isEqualTo("ESCALATED");
            assertThat(d.at("/alarm/slaAckMissed").asBoolean()).isTrue();
            assertThat(d.at("/alarm/secondsLeft").asLong()).isLessThan(0);
            assertThat(d.get("escalatedBy").asString()).isEqualTo("system");
            assertThat(d.get("history").findValuesAsString("action")).containsExactly("raised", "sla-missed",
                    "escalated");
            assertThat(count("""
                    select count(*) from notification_outbox where alarm_id = ? and event = 'ESCALATED'
                    and channel = 'EMAIL' and target = 'supervisor@demo.alterna.invalid'""", alarm.id())).isEqualTo(1);
            double after = meters.find("alterna.alarms.sla.missed").counters().stream()
                    .mapToDouble(c -> c.count()).sum();
            assertThat(after - before).isGreaterThanOrEqualTo(1);
            service.checkSla();
            assertThat(count("select count(*) from alarm_history where alarm_id = ? and action = 'sla-missed'",
                    alarm.id())).as("flagged once").isEqualTo(1);

            // still acknowledged and resolved after escalation; missing the resolution SLA is flagged too
            assertThat(operator.post("/api/v1/alarms/" + alarm.id() + "/acknowledgement", "{}").status())
                    .isEqualTo(200);
            clock.advance(Duration.ofMinutes(30));
            service.checkSla();
            JsonNode late = operator.get("/api/v1/alarms/" + alarm.id()).json();
            assertThat(late.at("/alarm/slaResolveMissed").asBoolean()).isTrue();
            assertThat(late.at("/alarm/status").asString()).isEqualTo("ESCALATED");
            assertThat(operator.post("/api/v1/alarms/" + alarm.id() + "/resolution",
                    Map.of("code", "FALSE_ALARM", "note", "GPS multipath near the school")).status()).isEqualTo(200);

            JsonNode figures = admin.get("/api/v1/alarms/figures?groupBy=type&from="
                    + clock.instant().minus(Duration.ofDays(1)) + "&to=" + clock.instant().plusSeconds(1)).json();
            JsonNode row = null;
            for (JsonNode g : figures.get("groups")) {
                if (g.get("group").asString().equals("EXCLUSION_ZONE")) {
                    row = g;
                }
            }
            assertThat(row).isNotNull();
            assertThat(row.get("alarms").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(row.get("slaAcknowledgeMissed").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(row.get("falseAlarms").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(figures.at("/total/personDays").asDouble()).isGreaterThan(0);
            assertThat(admin.get("/api/v1/alarms/figures?groupBy=colour").json().get("field").asString())
                    .isEqualTo("groupBy");
            assertThat(operator.get("/api/v1/alarms/figures?groupBy=centre").status()).isEqualTo(200);
            assertThat(auditor.get("/api/v1/alarms/figures?groupBy=model").status()).isEqualTo(200);
        }
    }

    @Nested
    @H2Test
    @Import(TestClockConfig.class)
    @TestPropertySource(properties = "alterna.jobs.enabled=false")
    class OnH2 extends Contract {
    }

    @Nested
    @PostgresTest
    @Import(TestClockConfig.class)
    @TestPropertySource(properties = "alterna.jobs.enabled=false")
    class OnPostgres extends Contract {
    }
}
