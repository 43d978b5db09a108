package org.alterna.devices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.alterna.AlternaApplication;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.TestPostgres;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A CSV import of devices end to end — the file posted over HTTP, every line validated, all stored in one
 * transaction with their first movement — polled until done. Alterna runs in this JVM on H2 (a file database) or
 * PostgreSQL ({@code ALTERNA_TEST_PG_URL}). Prints one RESULT line per run and the median. Not a test: see
 * docs/benchmarks.md. Arguments: {@code h2|postgres [runs=3] [lines=10000]}.
 */
public final class DeviceImportBenchmark {
    private DeviceImportBenchmark() {
    }

    public static void main(String[] a) throws Exception {
        String db = a.length > 0 ? a[0] : "h2";
        int runs = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        int lines = a.length > 2 ? Integer.parseInt(a[2]) : 10_000;
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--alterna.gateway.enabled=false",
                "--alterna.identity.initial-admin-password=benchmark-password-2026", "--alterna.demo.enabled=false",
                "--alterna.demo.fleet.enabled=false", "--alterna.jobs.enabled=false", "--logging.level.root=WARN"));
        Path tmp = Files.createTempDirectory("alterna-bench");
        if (db.equals("h2")) {
            args.add("--spring.datasource.url=jdbc:h2:file:" + tmp.resolve("alterna")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        } else {
            String[] pg = TestPostgres.newDatabase();
            args.add("--spring.datasource.url=" + pg[0]);
            args.add("--spring.datasource.username=" + pg[1]);
            args.add("--spring.datasource.password=" + pg[2]);
        }
        args.add("--alterna.signing.key-dir=" + tmp.resolve("keys"));
        ConfigurableApplicationContext app = AlternaApplication.start(args.toArray(String[]::new));
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            Api.Response token = Api.as(port, "admin", "benchmark-password-2026").post("/api/v1/tokens",
                    Map.of("name", "benchmark", "validDays", 1));
            Api admin = Api.withToken(port, token.json().get("token").stringValue());
            List<Long> times = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                StringBuilder csv = new StringBuilder(
                        "unique_id,kind,model,protocol,iccid,firmware,contract,owner,holding_region,location_type,location\n");
                for (int i = 0; i < lines; i++) {
                    csv.append(String.format("86%d%011d,ANKLE_TAG,teltonika-ankle-tag,teltonika,89510100%011d,03.27,"
                            + "CT-2026-01,INPE,Lima,WAREHOUSE,Almacén central Lima%n", run, i, i));
                }
                String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                long t0 = System.nanoTime();
                Api.Response started = admin.send("POST", "/api/v1/device-imports", csv.toString(), "text/csv");
                if (started.status() != 202) {
                    throw new IllegalStateException("import refused: " + started);
                }
                String id = started.json().get("id").asString();
                JsonNode job;
                do {
                    Thread.sleep(50);
                    job = admin.get("/api/v1/device-imports/" + id).json();
                } while (!List.of("DONE", "FAILED").contains(job.get("status").asString()));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                times.add(ms);
                System.out.printf("RESULT %s run %d: %,d devices %s in %,d ms (load %s)%n", db, run,
                        job.get("stored").asInt(), job.get("status").asString(), ms, load);
            }
            Collections.sort(times);
            System.out.printf("MEDIAN %s: %,d devices in %,d ms%n", db, lines, times.get(times.size() / 2));
        } finally {
            app.close();
        }
    }
}
