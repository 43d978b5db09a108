package org.alterna.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.alterna.AlternaApplication;
import org.alterna.alarms.Alarm;
import org.alterna.alarms.AlarmIntake;
import org.alterna.alarms.AlarmSignal;
import org.alterna.alarms.EvidenceFix;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.TestPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Time to make a compliance report (with its evidence package) and an evidence package alone for 90 days of one
 * person at one fix a minute (129,600 fixes, a daily walk, nightly charging, twelve breaches handled by the operator,
 * a few silences), on H2 (in memory) or PostgreSQL. Not a test: run by hand, see docs/benchmarks.md.
 * <pre>java -Xmx1g -cp "$CP" org.alterna.reports.ReportBenchmark h2|postgres [runs]</pre>
 */
public final class ReportBenchmark {
    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> props = new ArrayList<>(List.of("--spring.profiles.active=test", "--server.port=0",
                "--alterna.gateway.enabled=false", "--alterna.jobs.enabled=false",
                "--alterna.signing.key-dir=" + Files.createTempDirectory("bench-keys"),
                "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
        if (db.equals("postgres")) {
            String[] pg = TestPostgres.newDatabase();
            props.addAll(List.of("--spring.datasource.url=" + pg[0], "--spring.datasource.username=" + pg[1],
                    "--spring.datasource.password=" + pg[2]));
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(AlternaApplication.class)
                .run(props.toArray(String[]::new))) {
            int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            String order = ActiveOrders.create(port, "HOUSE_ARREST", CaseFixture.HOME_CONDITIONS);
            String device = ActiveOrders.device(port, order, "PERSON_UNIT");
            UUID id = UUID.fromString(order);
            jdbc.update("UPDATE order_transition SET occurred_at = occurred_at - INTERVAL '90' DAY WHERE order_id = ?", id);
            jdbc.update("UPDATE device_assignment SET valid_from = valid_from - INTERVAL '90' DAY WHERE order_id = ?", id);
            Instant start = Instant.now().minus(Duration.ofDays(90)).truncatedTo(ChronoUnit.MINUTES);
            long t0 = System.nanoTime();
            int fixes = seed(jdbc, ctx.getBean(AlarmIntake.class), port, id, device, start);
            System.out.printf("seeded %,d fixes in %.1f s%n", fixes, (System.nanoTime() - t0) / 1e9);

            ReportService reports = ctx.getBean(ReportService.class);
            Actor judge = new Actor("judge", Role.JUDGE, "JIP-LIMA-01", null, null);
            Instant from = start;
            Instant to = start.plus(Duration.ofDays(90));
            for (int i = 0; i < 2; i++) { // warm-up
                reports.compliance(id, from, to, Texts.SPANISH, judge, false, null);
                reports.evidence(id, from, to, judge);
            }
            double[] report = new double[runs];
            double[] evidence = new double[runs];
            double[] reportCpu = new double[runs];
            double[] evidenceCpu = new double[runs];
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            ReportService.Made last = null;
            CaseDocuments.Document package1 = null;
            System.out.println("load before: " + load());
            for (int i = 0; i < runs; i++) {
                long a = System.nanoTime();
                long ac = threads.getCurrentThreadCpuTime();
                last = reports.compliance(id, from, to, Texts.SPANISH, judge, false, null);
                report[i] = (System.nanoTime() - a) / 1e9;
                reportCpu[i] = (threads.getCurrentThreadCpuTime() - ac) / 1e9;
                long b = System.nanoTime();
                long bc = threads.getCurrentThreadCpuTime();
                package1 = reports.evidence(id, from, to, judge);
                evidence[i] = (System.nanoTime() - b) / 1e9;
                evidenceCpu[i] = (threads.getCurrentThreadCpuTime() - bc) / 1e9;
                System.out.printf(Locale.ROOT, "run %d: compliance report (with its package) %.3f s (thread CPU %.3f s), "
                        + "evidence package alone %.3f s (thread CPU %.3f s)%n", i + 1, report[i], reportCpu[i],
                        evidence[i], evidenceCpu[i]);
            }
            System.out.println("load after: " + load());
            System.out.printf(Locale.ROOT, "RESULT db=%s fixes=%d report median %.3f s (min %.3f, max %.3f; thread CPU "
                    + "median %.3f s); evidence median %.3f s (min %.3f, max %.3f; thread CPU median %.3f s); report "
                    + "%,d bytes; package %,d bytes%n", db, fixes, median(report), min(report), max(report),
                    median(reportCpu), median(evidence), min(evidence), max(evidence), median(evidenceCpu),
                    last.report().sizeBytes(), package1.sizeBytes());
            Path out = Path.of("target/bench-report.pdf");
            Files.write(out, ctx.getBean(CaseDocuments.class).content(last.report().id()));
            System.out.println("last report written to " + out);
            // the incident report of the first confirmed violation, as the court downloads it (docs/samples/)
            String incident = Api.as(port, "judge").get("/api/v1/incident-reports").json().get(0).get("id")
                    .asString();
            Path incidentOut = Path.of("target/bench-incident-report.pdf");
            Files.write(incidentOut, CaseFixture.getBytes(port, "judge", "/api/v1/incident-reports/" + incident
                    + "/pdf").body());
            System.out.println("an incident report written to " + incidentOut);
        }
        System.exit(0);
    }

    /** 90 days of one person: at home at night, a walk every afternoon, twelve night breaches, five silences. */
    static int seed(JdbcTemplate jdbc, AlarmIntake intake, int port, UUID order, String device, Instant start) {
        SplittableRandom random = new SplittableRandom(90);
        ZoneId lima = ZoneId.of("America/Lima");
        List<Object[]> batch = new ArrayList<>();
        int n = 0;
        Api operator = Api.as(port, "operator");
        for (int day = 0; day < 90; day++) {
            boolean breachNight = day % 7 == 3 && day < 84;
            boolean silentDay = day % 18 == 9;
            List<EvidenceFix> evidence = new ArrayList<>();
            Instant breachStart = null;
            for (int m = 0; m < 1440; m++) {
                Instant t = start.plus(Duration.ofMinutes((long) day * 1440 + m));
                ZonedDateTime local = t.atZone(lima);
                int minuteOfDay = local.getHour() * 60 + local.getMinute();
                if (silentDay && minuteOfDay >= 600 && minuteOfDay < 720) {
                    continue; // two hours without records
                }
                double lat = CaseFixture.HOME_LAT + random.nextGaussian() * 0.00008;
                double lon = CaseFixture.HOME_LON + random.nextGaussian() * 0.00008;
                if (minuteOfDay >= 900 && minuteOfDay < 990) { // an afternoon walk, outside the curfew
                    double k = Math.min(minuteOfDay - 900, 990 - minuteOfDay) * 0.00025;
                    lat += k;
                    lon -= k * 0.7;
                }
                if (breachNight && minuteOfDay >= 1380 && minuteOfDay < 1410) { // 23:00-23:30, during the curfew
                    double k = Math.min(minuteOfDay - 1380, 1410 - minuteOfDay) * 0.0004;
                    lat -= k;
                    lon += k * 0.4;
                    if (breachStart == null) {
                        breachStart = t;
                    }
                    if (evidence.size() < 5 && minuteOfDay >= 1384) {
                        evidence.add(new EvidenceFix(t, lat, lon, 8.0, "GPS"));
                    }
                }
                int battery = Math.max(4, 100 - Math.floorMod(minuteOfDay - 1320, 1440) / 16);
                boolean charging = minuteOfDay >= 1320 && minuteOfDay < 1410;
                boolean gps = random.nextDouble() > 0.03;
                batch.add(new Object[] {device, Timestamp.from(t), Timestamp.from(t.plusMillis(1500)), lat, lon,
                        gps ? 5 + random.nextDouble() * 20 : 300 + random.nextDouble() * 500, true, gps ? "GPS" : "LBS",
                        gps ? 6 + random.nextInt(6) : null, battery, charging, "CLOSED"});
                n++;
                if (batch.size() == 5_000) {
                    insert(jdbc, batch);
                }
            }
            if (breachStart != null) {
                Alarm a = intake.raise(new AlarmSignal(order, device, "teltonika-ankle-tag", "INCLUSION_ZONE", "casa",
                        breachStart, breachStart.plus(Duration.ofMinutes(4)), false, evidence));
                intake.conditionCleared(order, "INCLUSION_ZONE", "casa", breachStart.plus(Duration.ofMinutes(30)));
                operator.post("/api/v1/alarms/" + a.id() + "/acknowledgement", "{}");
                operator.post("/api/v1/alarms/" + a.id() + "/steps/call-person", Map.of("note", "contesta, dice que vuelve"));
                operator.post("/api/v1/alarms/" + a.id() + "/resolution", Map.of("code",
                        day % 2 == 0 ? "CONFIRMED_VIOLATION" : "AUTHORISED", "note", "noche del día " + day));
            }
        }
        insert(jdbc, batch);
        return n;
    }

    private static void insert(JdbcTemplate jdbc, List<Object[]> batch) {
        jdbc.batchUpdate("INSERT INTO fixes (device_id, device_time, server_time, latitude, longitude, accuracy_m, "
                + "valid, source, satellites, battery_percent, charging, strap) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch);
        batch.clear();
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(0);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(0);
    }
}
