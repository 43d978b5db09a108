package org.alterna.portability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.alterna.AlternaApplication;
import org.alterna.audit.InstallationKey;
import org.alterna.testsupport.ActiveOrders;
import org.alterna.testsupport.Api;
import org.alterna.testsupport.H2Test;
import org.alterna.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine;

/**
 * A change of contractor loses nothing: the administrator downloads the whole installation (here from H2), it is
 * imported with {@code alterna import} into a new, empty PostgreSQL installation, and exporting that one again gives
 * every table identical row for row; the audit chain still verifies. An altered archive and a non-empty target are
 * refused, leaving the target as it was.
 */
@H2Test
class InstallationRoundTripTest {
    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    InstallationKey key;

    @TempDir
    Path dir;

    @Test
    void everyTableIsExportedOrLeftOutWithAReason() throws Exception {
        TreeSet<String> tables = new TreeSet<>();
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        TreeSet<String> unlisted = new TreeSet<>(tables);
        unlisted.removeAll(ExportedTables.TABLES);
        unlisted.removeAll(ExportedTables.LEFT_OUT.keySet());
        assertThat(unlisted).as("tables neither in ExportedTables.TABLES nor LEFT_OUT (add one line)").isEmpty();
        assertThat(tables).as("every declared table exists").containsAll(ExportedTables.TABLES);
    }

    @Test
    void aRoundTripToAnEmptyPostgresInstallationIsIdenticalRowForRow() throws Exception {
        seed();
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/installation/export"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:demo".getBytes(
                        StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).contains("alterna-export-");
        byte[] archive = download.body();
        Map<String, byte[]> exported = entries(archive);
        assertThat(exported.keySet()).contains("format.json", "tables/fixes.csv", "tables/audit_entry.csv",
                "manifest.json", "manifest.sig", "installation-key.pem");
        assertThat(new String(exported.get("tables/audit_entry.csv"), StandardCharsets.UTF_8))
                .as("the export records itself before its snapshot").contains("installation.export");

        // into a new, empty PostgreSQL installation, with the command an administrator runs
        String[] pg = TestPostgres.newDatabase();
        Path file = dir.resolve("export.zip");
        Files.write(file, archive);
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, key.publicKeyPem());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new ImportCommand(() -> new SpringApplicationBuilder(AlternaApplication.class)))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(file.toString(), "--key", pem.toString(), "--spring.datasource.url=" + pg[0],
                        "--spring.datasource.username=" + pg[1], "--spring.datasource.password=" + pg[2],
                        "--alterna.signing.key-dir=" + dir.resolve("keys-b"));
        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("Audit trail intact", "signed by key " + key.keyId(), "fixes");

        // exported again, every table is the same bytes, row for row
        DataSource target = new DriverManagerDataSource(pg[0], pg[1], pg[2]);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        InstallationExport.write(target, again, Signer.of(key), "test", Instant.now(), ExportedTables.TABLES, l -> { });
        Map<String, byte[]> reexported = entries(again.toByteArray());
        for (String table : ExportedTables.TABLES) {
            String name = "tables/" + table + ".csv";
            assertThat(new String(reexported.get(name), StandardCharsets.UTF_8)).as(name)
                    .isEqualTo(new String(exported.get(name), StandardCharsets.UTF_8));
        }
        JdbcTemplate b = new JdbcTemplate(target);
        assertThat(b.queryForObject("SELECT COUNT(*) FROM fixes", Long.class))
                .isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM fixes", Long.class)).isGreaterThan(100);
        // new rows do not collide with imported identities
        b.update("INSERT INTO order_warning (order_id, resolution_number, resolution_date, warning_text, author, "
                + "created_at) SELECT id, 'R-1', CURRENT_DATE, 'x', 'judge', CURRENT_TIMESTAMP FROM judicial_order "
                + "FETCH FIRST 1 ROWS ONLY");

        // a second import into the same, now non-empty, installation is refused
        assertThatThrownBy(() -> InstallationImport.read(target, new ByteArrayInputStream(archive), null, l -> { }))
                .isInstanceOf(InstallationImport.ImportException.class).hasMessageContaining("not empty");
    }

    @Test
    void anAlteredArchiveIsRefusedAndNothingIsImported() throws Exception {
        seed();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InstallationExport.write(dataSource, out, Signer.of(key), "test", Instant.now(), ExportedTables.TABLES,
                l -> { });
        byte[] altered = rewrite(out.toByteArray(), "tables/judicial_order.csv",
                s -> s.replaceFirst("00123-2026", "00999-2026"));
        DataSource empty = emptyH2();
        assertThatThrownBy(() -> InstallationImport.read(empty, new ByteArrayInputStream(altered), key.publicKey(),
                l -> { })).isInstanceOf(InstallationImport.ImportException.class)
                .hasMessageContaining("tables/judicial_order.csv: altered");
        assertThat(new JdbcTemplate(empty).queryForObject("SELECT COUNT(*) FROM judicial_order", Long.class)).isZero();
        assertThat(new JdbcTemplate(empty).queryForObject("SELECT COUNT(*) FROM app_user", Long.class)).isZero();

        // signed by someone else: refused with the installation's key
        java.security.KeyPair other = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] manifest = entries(out.toByteArray()).get("manifest.json");
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(other.getPrivate());
        s.update(manifest);
        byte[] resigned = rewriteBytes(out.toByteArray(), "manifest.sig", s.sign());
        assertThatThrownBy(() -> InstallationImport.read(emptyH2(), new ByteArrayInputStream(resigned),
                key.publicKey(), l -> { })).hasMessageContaining("manifest.sig").hasMessageContaining(key.keyId());
    }

    /** Data in most tables: a monitored order with positions, alarms handled, documents, audit entries. */
    void seed() {
        String order = ActiveOrders.create(port, "HOUSE_ARREST", """
                {"zones":[{"id":"casa","type":"INCLUSION","geometry":{"type":"Point","coordinates":[-77.03,-12.12]},
                  "radiusMeters":150}],"victimProximityMeters":500}""");
        String device = ActiveOrders.device(port, order, "PERSON_UNIT");
        jdbc.update("INSERT INTO order_victim (order_id, full_name, dni, phone, home_lat, home_lon, synthetic) "
                + "VALUES (?, 'Ana Torres Ñahui', NULL, '', -12.1, -77.0, true)", UUID.fromString(order));
        Instant t0 = Instant.now().minusSeconds(3600 * 3);
        jdbc.batchUpdate("INSERT INTO fixes (device_id, device_time, server_time, latitude, longitude, accuracy_m, "
                + "valid, source, battery_percent, io) VALUES (?,?,?,?,?,?,?,?,?,?)", java.util.stream.IntStream
                .range(0, 150).mapToObj(i -> new Object[] {device, java.sql.Timestamp.from(t0.plusSeconds(60L * i)),
                        java.sql.Timestamp.from(t0.plusSeconds(60L * i + 1).plusNanos(123_456_000L)),
                        -12.12 + i * 1e-6, -77.03 - i * 1.1e-6, i % 3 == 0 ? null : 8.5 + i % 7, true,
                        i % 10 == 0 ? "LBS" : "GPS", 90 - i / 10, i % 5 == 0 ? "{\"note\":\"a, \\\"quoted\\\"\\nline\"}" : ""})
                .toList());
        Api.Response report = Api.as(port, "judge").post("/api/v1/orders/" + order + "/reports", Map.of());
        assertThat(report.status()).as(report.toString()).isEqualTo(201);
        Api.as(port, "judge").put("/api/v1/courts/JIP-LIMA-01/report-schedule", Map.of("frequency", "WEEKLY"));
    }

    DataSource emptyH2() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:empty-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        return ds;
    }

    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                m.put(e.getName(), in.readAllBytes());
            }
        }
        return m;
    }

    static byte[] rewrite(byte[] zip, String name, java.util.function.UnaryOperator<String> change) throws IOException {
        Map<String, byte[]> m = entries(zip);
        return rewriteBytes(zip, name, change.apply(new String(m.get(name), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    }

    static byte[] rewriteBytes(byte[] zip, String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries(zip).entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getKey().equals(name) ? content : e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static List<String> lines(byte[] b) {
        return List.of(new String(b, StandardCharsets.UTF_8).split("\r\n"));
    }
}
