package org.alterna.portability;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.alterna.audit.InstallationKey;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;

/**
 * Reads an export ({@link InstallationExport}) into an empty installation of the same or a later schema, streaming:
 * each table file is inserted in batches as it is read, while its SHA-256 is computed; the signed manifest at the end
 * of the archive is then checked (every file, its hash and row count, the Ed25519 signature). Everything happens in
 * one transaction: an archive that does not verify, a value that does not fit, or a target that is not empty leaves
 * the target as it was.
 */
public final class InstallationImport {
    private static final int BATCH = 1_000;

    private InstallationImport() {
    }

    /** Why an import was refused; the message names the file, table, row or column. */
    public static final class ImportException extends RuntimeException {
        public ImportException(String message) {
            super(message);
        }

        public ImportException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What was imported, and by which key the archive was signed. */
    public record Summary(Map<String, Long> rows, String keyId, boolean keyFromArchive) {
    }

    /**
     * Imports the archive read from {@code in}. The signature is checked with {@code trustedKey}, or with the key
     * carried in the archive when it is null (then only the archive's integrity is proven, not who made it).
     */
    public static Summary read(DataSource dataSource, InputStream in, PublicKey trustedKey, Consumer<String> progress) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            Summary summary;
            List<TableShape> imported;
            try {
                Result r = read(c, in, trustedKey, progress);
                c.commit();
                summary = r.summary;
                imported = r.shapes;
            } catch (RuntimeException | SQLException | IOException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            restartIdentities(c, imported);
            continueRecordLog(c);
            return summary;
        } catch (SQLException e) {
            throw new ImportException("import failed, nothing was imported: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ImportException("import failed while reading the archive, nothing was imported: "
                    + e.getMessage(), e);
        }
    }

    private record Result(Summary summary, List<TableShape> shapes) {
    }

    private record Exported(String name, String file, List<String> columns) {
    }

    private static Result read(Connection c, InputStream in, PublicKey trustedKey, Consumer<String> progress)
            throws SQLException, IOException {
        ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8);
        ZipEntry first = zip.getNextEntry();
        if (first == null || !first.getName().equals("format.json")) {
            throw new ImportException("not an Alterna export: the archive does not start with format.json");
        }
        byte[] formatBytes = zip.readAllBytes();
        JsonNode format = InstallationExport.JSON.readTree(formatBytes);
        if (!InstallationExport.FORMAT.equals(format.path("format").asString(""))) {
            throw new ImportException("format.json: not an " + InstallationExport.FORMAT + " archive");
        }
        int version = format.path("formatVersion").asInt(-1);
        if (version != InstallationExport.FORMAT_VERSION) {
            throw new ImportException("format.json: format version " + version + "; this Alterna reads version "
                    + InstallationExport.FORMAT_VERSION);
        }
        List<String> targetVersions = InstallationExport.schemaVersions(c);
        for (JsonNode v : format.path("schemaVersions")) {
            if (!targetVersions.contains(v.asString())) {
                throw new ImportException("format.json: the export comes from a schema with migration V" + v.asString()
                        + ", which this installation does not have: upgrade Alterna before importing");
            }
        }
        Map<String, Exported> byFile = new LinkedHashMap<>();
        List<TableShape> shapes = new ArrayList<>();
        Map<String, TableShape> shapeOf = new LinkedHashMap<>();
        for (JsonNode t : format.path("tables")) {
            String name = t.path("name").asString();
            List<String> cols = new ArrayList<>();
            t.path("columns").forEach(col -> cols.add(col.path("name").asString()));
            TableShape target;
            try {
                target = TableShape.describe(c, name);
            } catch (SQLException e) {
                throw new ImportException("format.json: table " + name + " does not exist in this installation", e);
            }
            for (String col : cols) {
                if (target.column(col) == null) {
                    throw new ImportException("format.json: column " + name + "." + col
                            + " does not exist in this installation");
                }
            }
            for (TableShape.Column col : target.columns()) {
                if (!cols.contains(col.name()) && !col.nullable() && !col.autoIncrement()) {
                    throw new ImportException("format.json: column " + name + "." + col.name()
                            + " is required here but absent from the export");
                }
            }
            byFile.put(t.path("file").asString(), new Exported(name, t.path("file").asString(), cols));
            shapes.add(target);
            shapeOf.put(name, target);
        }
        for (TableShape s : shapes) {
            if (ExportedTables.SEEDED_BY_MIGRATIONS.contains(s.name())) {
                // the new installation's own starting rows, replaced by the exported ones
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM " + TableShape.quote(s.name()));
                }
                continue;
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TableShape.quote(s.name()))) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0) {
                    throw new ImportException("the installation is not empty: table " + s.name() + " has " + n
                            + " row(s); import into a new, empty database");
                }
            }
        }

        Map<String, String[]> seen = new LinkedHashMap<>(); // file -> {sha256, bytes, rows}
        seen.put("format.json", new String[] {Csv.sha256Hex(formatBytes), Long.toString(formatBytes.length), null});
        Map<String, Long> rows = new LinkedHashMap<>();
        byte[] manifest = null;
        byte[] signature = null;
        String embeddedKey = null;
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            String name = e.getName();
            Exported table = byFile.get(name);
            if (table != null) {
                long started = System.nanoTime();
                MessageDigest digest = Csv.sha256();
                CountingInput counting = new CountingInput(new DigestInputStream(new KeepOpen(zip), digest));
                long n = insert(c, shapeOf.get(table.name()), table, counting);
                counting.transferTo(java.io.OutputStream.nullOutputStream()); // whatever the parser left unread
                seen.put(name, new String[] {Csv.hex(digest.digest()), Long.toString(counting.count), Long.toString(n)});
                rows.put(table.name(), n);
                progress.accept(String.format("%-26s %,12d rows %6.1f s", table.name(), n,
                        (System.nanoTime() - started) / 1e9));
            } else if (name.equals("manifest.json")) {
                manifest = zip.readAllBytes();
            } else if (name.equals("manifest.sig")) {
                signature = zip.readAllBytes();
            } else if (name.equals("installation-key.pem")) {
                embeddedKey = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
            } else {
                throw new ImportException(name + ": not part of the export format (the archive was altered)");
            }
        }
        if (manifest == null) {
            throw new ImportException("manifest.json missing: the archive is incomplete");
        }
        PublicKey key = trustedKey;
        boolean fromArchive = false;
        if (key == null) {
            if (embeddedKey == null) {
                throw new ImportException("installation-key.pem missing and no key given: the signature cannot be checked");
            }
            key = InstallationKey.parsePublicKey(embeddedKey);
            fromArchive = true;
        }
        if (signature == null || !InstallationKey.verify(key, manifest, signature)) {
            throw new ImportException("manifest.sig: the manifest's signature does not verify with key "
                    + InstallationKey.keyId(key) + " (the manifest was altered or signed by another key)");
        }
        JsonNode m = InstallationExport.JSON.readTree(manifest);
        Set<String> listed = new HashSet<>();
        for (JsonNode f : m.path("files")) {
            String name = f.path("name").asString();
            listed.add(name);
            String[] actual = seen.get(name);
            if (actual == null) {
                throw new ImportException(name + ": listed in the manifest but missing from the archive");
            }
            if (!f.path("sha256").asString().equals(actual[0])) {
                throw new ImportException(name + ": altered (its SHA-256 " + actual[0] + " is not the manifest's "
                        + f.path("sha256").asString() + ")");
            }
            if (f.has("rows") && actual[2] != null && f.path("rows").asLong() != Long.parseLong(actual[2])) {
                throw new ImportException(name + ": " + actual[2] + " rows, the manifest says " + f.path("rows").asLong());
            }
        }
        for (String name : seen.keySet()) {
            if (!listed.contains(name)) {
                throw new ImportException(name + ": not listed in the signed manifest");
            }
        }
        continueAuditChain(c);
        return new Result(new Summary(rows, InstallationKey.keyId(key), fromArchive), shapes);
    }

    /**
     * The audit chain's head ({@code audit_head}: last sequence number and hash) moves to the last imported entry, so
     * that the next entry the new installation appends continues the imported chain.
     */
    private static void continueAuditChain(Connection c) throws SQLException {
        if (!tableExists(c, "audit_head")) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, hash FROM audit_entry ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY")) {
            if (rs.next()) {
                ps.setLong(1, rs.getLong(1));
                ps.setString(2, rs.getString(2));
                ps.executeUpdate();
            }
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), table, null)) {
            return rs.next();
        }
    }

    private static boolean sequenceExists(Connection c, String sequence) throws SQLException {
        String sql = InstallationExport.isH2(c)
                ? "SELECT COUNT(*) FROM information_schema.sequences WHERE LOWER(sequence_name) = ?"
                : "SELECT COUNT(*) FROM pg_class WHERE relkind = 'S' AND relname = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /**
     * The record log numbers records from blocks of 2^20 ({@code record_seq_block}): after an import the next block
     * starts above every imported number, so that a consumer whose cursor came with the export never skips a new
     * record. On H2, positions stored outside the log are numbered downwards from -1 ({@code fixes_unlogged}): that
     * sequence continues below the imported ones.
     */
    private static void continueRecordLog(Connection c) throws SQLException {
        if (sequenceExists(c, "record_seq_block")) {
            long max = 0;
            for (String table : List.of("fixes", "device_event")) {
                if (tableExists(c, table)) {
                    try (Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT MAX(seq) FROM " + table)) {
                        if (rs.next()) {
                            max = Math.max(max, rs.getLong(1));
                        }
                    }
                }
            }
            if (max > 0) {
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER SEQUENCE record_seq_block RESTART WITH " + ((max >> 20) + 1));
                }
            }
        }
        if (InstallationExport.isH2(c) && sequenceExists(c, "fixes_unlogged")) {
            long min = 0;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MIN(seq) FROM fixes")) {
                if (rs.next()) {
                    min = Math.min(min, rs.getLong(1));
                }
            }
            if (min < 0) {
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER SEQUENCE fixes_unlogged RESTART WITH " + (min - 1));
                }
            }
        }
    }

    private static long insert(Connection c, TableShape target, Exported table, InputStream in)
            throws SQLException, IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(Csv.READ).get();
        List<String> header = parser.getHeaderNames();
        if (!header.equals(table.columns())) {
            throw new ImportException(table.file() + ": header " + header + " differs from format.json's columns "
                    + table.columns());
        }
        int n = header.size();
        TableShape.Column[] cols = new TableShape.Column[n];
        for (int i = 0; i < n; i++) {
            cols[i] = target.column(header.get(i));
        }
        String sql = "INSERT INTO " + TableShape.quote(target.name()) + " ("
                + String.join(", ", header.stream().map(TableShape::quote).toList()) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")";
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int batch = 0;
            for (CSVRecord r : parser) {
                if (r.size() != n) {
                    throw new ImportException(table.file() + " line " + r.getParser().getCurrentLineNumber() + ": "
                            + r.size() + " fields, the header has " + n);
                }
                for (int i = 0; i < n; i++) {
                    try {
                        cols[i].type().bind(ps, i + 1, r.get(i), cols[i].sqlType());
                    } catch (RuntimeException e) {
                        throw new ImportException(table.file() + " record " + (rows + 1) + ", column " + header.get(i)
                                + ": " + e.getMessage(), e);
                    }
                }
                ps.addBatch();
                rows++;
                if (++batch == BATCH) {
                    ps.executeBatch();
                    batch = 0;
                }
            }
            if (batch > 0) {
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new ImportException(table.file() + ": rows near record " + rows + " were refused by the database: "
                    + e.getMessage(), e);
        }
        return rows;
    }

    /** Identity columns continue after the imported values, so new rows never collide with imported ones. */
    private static void restartIdentities(Connection c, List<TableShape> shapes) throws SQLException {
        for (TableShape s : shapes) {
            for (TableShape.Column col : s.columns()) {
                if (!col.autoIncrement() || col.type() != ColumnType.INTEGER) {
                    continue;
                }
                long next;
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(" + TableShape.quote(col.name()) + "), 0) + 1 FROM "
                             + TableShape.quote(s.name()))) {
                    rs.next();
                    next = rs.getLong(1);
                }
                try (Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE " + TableShape.quote(s.name()) + " ALTER COLUMN "
                            + TableShape.quote(col.name()) + " RESTART WITH " + next);
                }
            }
        }
        for (ExportedTables.Sequence seq : ExportedTables.SEQUENCES) {
            long next;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(" + TableShape.quote(seq.column()) + "), 0) + 1 FROM "
                         + TableShape.quote(seq.table()))) {
                rs.next();
                next = rs.getLong(1);
            }
            try (Statement st = c.createStatement()) {
                st.execute("ALTER SEQUENCE " + TableShape.quote(seq.name()) + " RESTART WITH " + next);
            }
        }
    }

    /** Reads an archive entry without closing the archive. */
    private static final class KeepOpen extends FilterInputStream {
        KeepOpen(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the archive stays open for the next entry
        }
    }

    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() {
            // the archive stays open for the next entry
        }
    }

}
