package org.alterna.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.PostgresTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The fix store: group commit, deduplication, track, latest state, partitions and retention. */
class FixStoreTest {
    private static final AtomicInteger N = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

    static Fix fix(String device, Instant t, double lat, double lon, Integer battery) {
        return new Fix(device, t, null, lat, lon, 150.0, 12.5, 90.0, 7, 1.1, 8.0, true, Fix.PositionSource.GPS,
                battery, true, false, Fix.StrapState.CLOSED, EnumSet.of(Fix.DeviceAlarm.SOS),
                Map.of("io66", 12800, "note", "x"));
    }

    abstract static class Contract {
        @Autowired
        BatchWriter writer;
        @Autowired
        FixStore store;
        @Autowired
        FixPartitions partitions;
        @Autowired
        JdbcClient jdbc;
        @LocalServerPort
        int port;

        String device() {
            return "fx-" + RUN + "-" + N.incrementAndGet();
        }

        @Test
        void storesOnceReadsTrackAndKeepsTheLatestState() throws Exception {
            String d = device();
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
            List<Fix> fixes = List.of(fix(d, t0, -12.05, -77.04, 90), fix(d, t0.plusSeconds(60), -12.06, -77.05, 89));
            assertThat(writer.submit(fixes).get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(writer.submit(fixes).get(10, TimeUnit.SECONDS)).as("resend stored once").isEqualTo(0);
            // an older fix arriving late is stored but does not become the latest
            assertThat(writer.submit(List.of(fix(d, t0.minusSeconds(600), -12.0, -77.0, 95))).get(10, TimeUnit.SECONDS))
                    .isEqualTo(1);
            List<Fix> track = store.track(d, t0.minusSeconds(3600), t0.plusSeconds(3600));
            assertThat(track).hasSize(3);
            assertThat(track.get(1).deviceTime()).isEqualTo(t0);
            Fix read = track.get(1);
            assertThat(read.serverTime()).isNotNull();
            assertThat(read.io()).containsEntry("io66", 12800).containsEntry("note", "x");
            assertThat(read.alarms()).containsExactly(Fix.DeviceAlarm.SOS);
            assertThat(read.strap()).isEqualTo(Fix.StrapState.CLOSED);
            assertThat(read.hdop()).isEqualTo(1.1);
            DeviceLatest latest = store.latest(d).orElseThrow();
            assertThat(latest.lastFix().deviceTime()).isEqualTo(t0.plusSeconds(60));
            assertThat(latest.batteryPercent()).isEqualTo(89);
            writer.contact(d, 42, null, true, Fix.StrapState.OPEN);
            writer.submit(List.of()).get();
            long deadline = System.currentTimeMillis() + 5000;
            while (store.latest(d).orElseThrow().batteryPercent() != 42 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            DeviceLatest after = store.latest(d).orElseThrow();
            assertThat(after.batteryPercent()).isEqualTo(42);
            assertThat(after.strap()).isEqualTo(Fix.StrapState.OPEN);
            assertThat(after.charging()).isTrue();
            assertThat(store.latestAll()).extracting(DeviceLatest::deviceId).contains(d);
        }

        @Test
        void retentionDeletesFixesOlderThanFiveYears() throws Exception {
            String d = device();
            Instant old = Instant.now().minus(6 * 366, ChronoUnit.DAYS);
            Instant recent = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
            writer.submit(List.of(fix(d, old, 1, 1, null), fix(d, recent, 2, 2, null))).get(10, TimeUnit.SECONDS);
            assertThat(store.count(d)).isEqualTo(2);
            partitions.applyRetention();
            assertThat(store.count(d)).isEqualTo(1);
        }

        @Test
        void trackAndLatestApiIsAuditedAndDeniedToOtherRoles() throws Exception {
            String d = device();
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
            writer.submit(List.of(fix(d, t0, -12.05, -77.04, 90))).get(10, TimeUnit.SECONDS);
            Api operator = Api.as(port, "operator");
            Api.Response track = operator.get("/api/v1/devices/" + d + "/track?from=" + t0.minusSeconds(60) + "&to="
                    + t0.plusSeconds(60));
            assertThat(track.status()).as(track.body()).isEqualTo(200);
            assertThat(track.json().size()).isEqualTo(1);
            assertThat(operator.get("/api/v1/devices/" + d + "/latest").json().get("lastFix").get("latitude").asDouble())
                    .isEqualTo(-12.05);
            assertThat(Api.as(port, "auditor").get("/api/v1/devices/" + d + "/latest").status()).isEqualTo(403);
            assertThat(operator.get("/api/v1/devices/" + d + "/track?from=x&to=y").status()).isEqualTo(400);
            long audits = jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE record_id = ? AND action IN ('track.read','location.read')")
                    .param(d).query(Long.class).single();
            assertThat(audits).isEqualTo(2);
        }
    }

    @Nested
    @H2Test
    class OnH2 extends Contract {
    }

    @Nested
    @PostgresTest
    class OnPostgres extends Contract {
        @Test
        void monthlyPartitionsExistAheadAndLateOnesAbsorbTheDefaultPartition() throws Exception {
            YearMonth now = YearMonth.now(ZoneOffset.UTC);
            assertThat(partitions.partitions()).contains(FixPartitions.partitionName(now),
                    FixPartitions.partitionName(now.plusMonths(FixPartitions.MONTHS_AHEAD)));
            String d = device();
            YearMonth far = now.minusMonths(20);
            Instant t = far.atDay(3).atStartOfDay(ZoneOffset.UTC).toInstant();
            writer.submit(List.of(fix(d, t, 1, 1, null))).get(10, TimeUnit.SECONDS);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM fixes_default WHERE device_id = ?").param(d).query(Long.class).single())
                    .isEqualTo(1);
            partitions.ensurePartition(far);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM " + FixPartitions.partitionName(far) + " WHERE device_id = ?")
                    .param(d).query(Long.class).single()).isEqualTo(1);
            assertThat(store.count(d)).isEqualTo(1);
        }
    }
}
