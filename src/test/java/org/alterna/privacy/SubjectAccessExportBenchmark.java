package org.alterna.privacy;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.alterna.AlternaApplication;
import org.alterna.testsupport.TestPostgres;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Memory of the subject-access export (not a test): starts Alterna on PostgreSQL (embedded, or the server named by
 * ALTERNA_TEST_PG_URL), creates one case with N positions, downloads its export over HTTP and prints the rows, the
 * bytes, the time and the peak heap in use while it streamed (sampled every 20 ms, after a GC). Run it with a small
 * heap and two sizes: the peak should not grow with N. Arguments: {@code [positions=1000000]}. See
 * docs/benchmarks.md.
 */
public final class SubjectAccessExportBenchmark {
    private SubjectAccessExportBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        int n = a.length > 0 ? Integer.parseInt(a[0]) : 1_000_000;
        String[] db = TestPostgres.newDatabase();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--alterna.gateway.enabled=false",
                "--alterna.identity.demo-accounts=true", "--alterna.identity.bcrypt-cost=4",
                "--alterna.jobs.enabled=false", "--alterna.demo.enabled=false", "--alterna.demo.fleet.enabled=false",
                "--logging.level.root=WARN", "--spring.datasource.url=" + db[0],
                "--spring.datasource.username=" + db[1], "--spring.datasource.password=" + db[2],
                "--alterna.signing.key-dir=target/bench-keys"));
        try (ConfigurableApplicationContext app = AlternaApplication.start(args.toArray(String[]::new))) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            Clock clock = app.getBean(Clock.class);
            Cases cases = new Cases(port, clock, app.getBean(JdbcClient.class));
            cases.court("JIP-LIMA-01", "Lima");
            Cases.Case c = cases.active("JIP-LIMA-01", "CM-LIMA", false);
            JdbcTemplate jdbc = new JdbcTemplate(app.getBean(javax.sql.DataSource.class));
            Instant t0 = clock.instant().plusSeconds(1);
            for (int from = 0; from < n; from += 10_000) {
                List<Object[]> batch = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + 10_000); i++) {
                    Timestamp t = Timestamp.from(t0.plusSeconds(i));
                    batch.add(new Object[] {c.device(), t, t, -12.12 + i * 1e-7, -77.03, 8.0});
                }
                jdbc.batchUpdate("INSERT INTO fixes (device_id, device_time, server_time, latitude, longitude,"
                        + " accuracy_m, valid, source) VALUES (?,?,?,?,?,?,TRUE,'GPS')", batch);
            }
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long start = System.nanoTime();
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/v1/people/" + c.personId() + "/data-export"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:demo"
                            .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofInputStream());
            long bytes = 0;
            try (InputStream in = r.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int k = in.read(buffer); k >= 0; k = in.read(buffer)) {
                    bytes += k;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            running.set(false);
            sampler.join();
            System.out.printf("status %d, positions %,d, zip %,d bytes, %.1f s (%,.0f positions/s), heap in use:"
                    + " %,d MB before, peak %,d MB (max heap %,d MB)%n", r.statusCode(), n, bytes, seconds, n / seconds,
                    baseline >> 20, peak.get() >> 20, memory.getHeapMemoryUsage().getMax() >> 20);
        }
    }
}
