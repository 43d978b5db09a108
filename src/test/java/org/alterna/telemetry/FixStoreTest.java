package org.alterna.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
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
import org.alterna.testsupport.TestPostgres;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

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
        @Autowired
        ConfigurableApplicationContext context;
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
            // the latest state follows the record log, off the acknowledging path: shortly after
            DeviceLatest latest = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> store.latest(d), o -> o.isPresent() && o.get().lastFix() != null).orElseThrow();
            assertThat(latest.lastFix().deviceTime()).isEqualTo(t0.plusSeconds(60));
            assertThat(latest.batteryPercent()).isEqualTo(89);
            writer.contact(d, 42, null, true, Fix.StrapState.OPEN);
            writer.submit(List.of()).get();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> Integer.valueOf(42).equals(store.latest(d).orElseThrow().batteryPercent()));
            DeviceLatest after = store.latest(d).orElseThrow();
            assertThat(after.batteryPercent()).isEqualTo(42);
            assertThat(after.strap()).isEqualTo(Fix.StrapState.OPEN);
            assertThat(after.charging()).isTrue();
            assertThat(store.latestAll()).extracting(DeviceLatest::deviceId).contains(d);
        }

        /**
         * Many producers at once, every packet sent twice (a resend racing its original, possibly in two
         * batches committed by two writers at once): each record is stored once, counted as new once, published
         * once, and each device's records are published in the order they were submitted.
         */
        @Test
        void concurrentResendsAreStoredAndPublishedOnceInArrivalOrder() throws Exception {
            String prefix = device() + "-";
            Map<String, List<Instant>> published = new java.util.concurrent.ConcurrentHashMap<>();
            context.addApplicationListener((ApplicationListener<PayloadApplicationEvent<FixesStored>>) e -> {
                for (Fix f : e.getPayload().fixes()) {
                    if (f.deviceId().startsWith(prefix)) {
                        published.computeIfAbsent(f.deviceId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                .add(f.deviceTime());
                    }
                }
            });
            int devices = 20;
            int packets = 30;
            int records = 5;
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(7200);
            java.util.concurrent.ExecutorService producers = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<java.util.concurrent.Future<Integer>> newlyStored = new java.util.ArrayList<>();
            try {
                for (int d = 0; d < devices; d++) {
                    String id = prefix + d;
                    newlyStored.add(producers.submit(() -> {
                        int n = 0;
                        List<java.util.concurrent.CompletableFuture<Integer>> inFlight = new java.util.ArrayList<>();
                        for (int p = 0; p < packets; p++) {
                            List<Fix> packet = new java.util.ArrayList<>();
                            for (int r = 0; r < records; r++) {
                                packet.add(fix(id, t0.plusSeconds(p * records + r), -12.0, -77.0 - p * 1e-4, 80));
                            }
                            inFlight.add(writer.submit(packet));
                            inFlight.add(writer.submit(packet)); // the resend, before the original is committed
                        }
                        for (var f : inFlight) {
                            n += f.get(30, TimeUnit.SECONDS);
                        }
                        return n;
                    }));
                }
                int total = 0;
                for (var f : newlyStored) {
                    total += f.get(60, TimeUnit.SECONDS);
                }
                assertThat(total).as("records counted as newly stored").isEqualTo(devices * packets * records);
            } finally {
                producers.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> published.values().stream().mapToInt(List::size).sum() >= devices * packets * records);
            for (int d = 0; d < devices; d++) {
                String id = prefix + d;
                assertThat(store.count(id)).as("stored once: " + id).isEqualTo(packets * records);
                List<Instant> times = published.get(id);
                assertThat(times).as("published once, in arrival order: " + id).hasSize(packets * records)
                        .isSorted().doesNotHaveDuplicates();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(store.latest(id).map(l -> l.lastFix() == null ? null : l.lastFix().deviceTime())
                                .orElse(null))
                                .isEqualTo(t0.plusSeconds(packets * records - 1)));
            }
        }

        @Test
        void fixesOlderThanACutoffAreDeletedExceptThoseToKeep() throws Exception {
            String d = device();
            String kept = device();
            Instant old = Instant.now().minus(6 * 366, ChronoUnit.DAYS);
            Instant recent = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
            writer.submit(List.of(fix(d, old, 1, 1, null), fix(d, recent, 2, 2, null), fix(kept, old, 3, 3, null)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(store.count(d)).isEqualTo(2);
            long deleted = partitions.deleteOlderThan(Instant.now().minus(5 * 366, ChronoUnit.DAYS),
                    "f.device_id = :keep_device", Map.of("keep_device", kept));
            assertThat(deleted).isGreaterThanOrEqualTo(1);
            assertThat(store.count(d)).isEqualTo(1);
            assertThat(store.count(kept)).isEqualTo(1);
        }

        @Test
        void trackAndLatestApiIsAuditedAndDeniedToOtherRoles() throws Exception {
            String d = device();
            Api.as(port, "admin").post("/api/v1/devices", Map.of("uniqueId", d, "model", "m", "protocol", "gt06"));
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
            writer.submit(List.of(fix(d, t0, -12.05, -77.04, 90))).get(10, TimeUnit.SECONDS);
            Api admin = Api.as(port, "admin");
            Api.Response track = admin.get("/api/v1/devices/" + d + "/track?from=" + t0.minusSeconds(60) + "&to="
                    + t0.plusSeconds(60));
            assertThat(track.status()).as(track.body()).isEqualTo(200);
            assertThat(track.json().size()).isEqualTo(1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    store.latest(d).isPresent());
            assertThat(admin.get("/api/v1/devices/" + d + "/latest").json().get("lastFix").get("latitude").asDouble())
                    .isEqualTo(-12.05);
            assertThat(Api.as(port, "auditor").get("/api/v1/devices/" + d + "/latest").status()).isEqualTo(403);
            // a device that serves no order is not the operators' to read: as if it did not exist
            assertThat(Api.as(port, "operator").get("/api/v1/devices/" + d + "/latest").status()).isEqualTo(404);
            assertThat(admin.get("/api/v1/devices/" + d + "/track?from=x&to=y").status()).isEqualTo(400);
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

        /** A server that acknowledges commits before they reach the disk must not make acknowledgements early. */
        @Test
        void theWriterAsksForSynchronousCommitsWhenTheServerDoesNot() throws Exception {
            String[] db = TestPostgres.newDatabase();
            String name = db[0].substring(db[0].lastIndexOf('/') + 1).replaceAll("\\?.*", "");
            DriverManagerDataSource ds = new DriverManagerDataSource(db[0], db[1], db[2]);
            try (var c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("ALTER DATABASE " + name + " SET synchronous_commit = off");
            }
            assertThat(FixRows.commitsAreDurable(ds)).isFalse();
            BatchWriter lax = new BatchWriter(ds, null, null, java.time.Clock.systemUTC(), new SimpleMeterRegistry(),
                    new TelemetrySettings(null, null, new TelemetrySettings.Batch(100, 1000, java.time.Duration.ZERO, 0)));
            assertThat(lax.synchronousCommitForced()).isTrue();
            lax.destroy();
            try (var c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("ALTER DATABASE " + name + " SET synchronous_commit = on");
            }
            assertThat(FixRows.commitsAreDurable(ds)).isTrue();
            BatchWriter strict = new BatchWriter(ds, null, null, java.time.Clock.systemUTC(), new SimpleMeterRegistry(),
                    new TelemetrySettings(null, null, new TelemetrySettings.Batch(100, 1000, java.time.Duration.ZERO, 0)));
            assertThat(strict.synchronousCommitForced()).isFalse();
            strict.destroy();
        }
    }
}
