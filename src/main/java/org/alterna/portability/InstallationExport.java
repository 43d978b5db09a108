package org.alterna.portability;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a whole installation as one ZIP archive ({@code docs/export-format.md}): {@code format.json} (format version,
 * schema versions, every table with its columns and types), one CSV file per table of {@link ExportedTables} in
 * dependency order and primary-key order, then {@code manifest.json} (each file's SHA-256, size and rows),
 * {@code manifest.sig} (its Ed25519 signature by the installation key) and the public key.
 * <p>
 * Rows stream from the database to the archive (a forward-only cursor, never a table in memory), inside one read-only
 * REPEATABLE READ transaction so that every table comes from the same moment even while the server keeps working.
 */
public final class InstallationExport {
    public static final String FORMAT = "alterna-installation-export";
    public static final int FORMAT_VERSION = 1;
    static final JsonMapper JSON = org.alterna.common.Json.MAPPER;
    private static final int FETCH = 5_000;

    private InstallationExport() {
    }

    /** What was written. */
    public record Summary(List<FileSummary> files, String manifestSha256, String keyId) {
        public long rows(String table) {
            return files.stream().filter(f -> f.name().equals(file(table))).mapToLong(FileSummary::rows).sum();
        }
    }

    /** One file of the archive ({@code rows} is null for files that are not tables). */
    public record FileSummary(String name, String sha256, long bytes, Long rows) {
    }

    static String file(String table) {
        return "tables/" + table + ".csv";
    }

    /**
     * Writes the export of {@code tables} to {@code out} (not closed). {@code progress} receives a line per table.
     */
    public static Summary write(DataSource dataSource, OutputStream out, Signer signer, String createdBy,
            Instant createdAt, List<String> tables, Consumer<String> progress) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            boolean h2 = isH2(c);
            if (h2) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LAZY_QUERY_EXECUTION TRUE"); // stream rows instead of buffering the result
                }
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                return write(c, out, signer, createdBy, createdAt.truncatedTo(ChronoUnit.MILLIS), tables, progress);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
                if (h2) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET LAZY_QUERY_EXECUTION FALSE");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("export failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("export failed while writing: " + e.getMessage(), e);
        }
    }

    private static Summary write(Connection c, OutputStream out, Signer signer, String createdBy, Instant createdAt,
            List<String> tables, Consumer<String> progress) throws SQLException, IOException {
        List<TableShape> shapes = new ArrayList<>();
        for (String t : tables) {
            shapes.add(TableShape.describe(c, t));
        }
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        // fast compression: an export of millions of positions is bound by the deflater, not by the database
        zip.setLevel(Deflater.BEST_SPEED);
        List<FileSummary> files = new ArrayList<>();

        Map<String, Object> format = new LinkedHashMap<>();
        format.put("format", FORMAT);
        format.put("formatVersion", FORMAT_VERSION);
        format.put("createdAt", createdAt.toString());
        format.put("createdBy", createdBy);
        format.put("application", "Alterna");
        format.put("database", c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion());
        format.put("schemaVersions", schemaVersions(c));
        format.put("keyId", signer.keyId());
        List<Map<String, Object>> described = new ArrayList<>();
        for (TableShape s : shapes) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", s.name());
            t.put("file", file(s.name()));
            List<Map<String, Object>> cols = new ArrayList<>();
            for (TableShape.Column col : s.columns()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", col.name());
                m.put("type", col.type().name());
                m.put("nullable", col.nullable());
                cols.add(m);
            }
            t.put("columns", cols);
            t.put("primaryKey", s.primaryKey());
            described.add(t);
        }
        format.put("tables", described);
        files.add(entry(zip, "format.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(format),
                createdAt));

        for (TableShape s : shapes) {
            long started = System.nanoTime();
            FileSummary f = table(c, zip, s, createdAt);
            files.add(f);
            progress.accept(String.format("%-26s %,12d rows %,14d bytes %6.1f s", s.name(), f.rows(), f.bytes(),
                    (System.nanoTime() - started) / 1e9));
        }

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("formatVersion", FORMAT_VERSION);
        manifest.put("createdAt", createdAt.toString());
        manifest.put("keyId", signer.keyId());
        manifest.put("signature", "manifest.sig: Ed25519 signature of the exact bytes of manifest.json");
        List<Map<String, Object>> listed = new ArrayList<>();
        for (FileSummary f : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("sha256", f.sha256());
            m.put("bytes", f.bytes());
            if (f.rows() != null) {
                m.put("rows", f.rows());
            }
            listed.add(m);
        }
        manifest.put("files", listed);
        byte[] manifestBytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        entry(zip, "manifest.json", manifestBytes, createdAt);
        entry(zip, "manifest.sig", signer.sign(manifestBytes), createdAt);
        entry(zip, "installation-key.pem", signer.publicKeyPem().getBytes(StandardCharsets.UTF_8), createdAt);
        zip.finish();
        zip.flush();
        return new Summary(List.copyOf(files), Csv.sha256Hex(manifestBytes), signer.keyId());
    }

    private static FileSummary table(Connection c, ZipOutputStream zip, TableShape s, Instant createdAt)
            throws SQLException, IOException {
        ZipEntry e = new ZipEntry(file(s.name()));
        e.setTime(createdAt.toEpochMilli());
        zip.putNextEntry(e);
        Csv.HashingOutput hashing = new Csv.HashingOutput(zip);
        Writer w = new BufferedWriter(new OutputStreamWriter(hashing, StandardCharsets.UTF_8), 1 << 16);
        Csv.Records printer = new Csv.Records(w);
        List<String> names = s.columnNames();
        printer.print(names);
        List<String> quoted = names.stream().map(TableShape::quote).toList();
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", quoted) + " FROM "
                + TableShape.quote(s.name()) + " ORDER BY " + s.orderBy(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH);
            binaryTransfer(ps);
            try (ResultSet rs = ps.executeQuery()) {
                int n = names.size();
                ColumnType[] types = s.columns().stream().map(TableShape.Column::type).toArray(ColumnType[]::new);
                Object[] row = new Object[n];
                while (rs.next()) {
                    for (int i = 0; i < n; i++) {
                        row[i] = types[i].read(rs, i + 1);
                    }
                    printer.print(row);
                    rows++;
                }
            }
        }
        printer.flush();
        w.flush();
        zip.closeEntry();
        return new FileSummary(e.getName(), hashing.sha256Hex(), hashing.bytes(), rows);
    }

    private static FileSummary entry(ZipOutputStream zip, String name, byte[] content, Instant createdAt)
            throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(createdAt.toEpochMilli());
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
        return new FileSummary(name, Csv.sha256Hex(content), content.length, null);
    }

    /**
     * On PostgreSQL, rows come in the binary protocol (pgjdbc uses it only from a statement's fifth execution by
     * default): numbers and timestamps are then read, not parsed from text, which halves the export's CPU.
     */
    static void binaryTransfer(PreparedStatement ps) {
        try {
            Class<?> pg = Class.forName("org.postgresql.PGStatement");
            if (ps.isWrapperFor(pg)) {
                pg.getMethod("setPrepareThreshold", int.class).invoke(ps.unwrap(pg), -1);
            }
        } catch (ReflectiveOperationException | SQLException | LinkageError e) {
            // not PostgreSQL, or another driver: text transfer works too
        }
    }

    static boolean isH2(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("h2");
    }

    /** The migrations applied to the database, in order (empty without Flyway). */
    static List<String> schemaVersions(Connection c) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" "
                     + "AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }
}
