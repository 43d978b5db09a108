package org.alterna.reports.evidence;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.alterna.portability.Csv;
import org.alterna.portability.Signer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an evidence package: a ZIP archive of JSON and CSV files, each CSV row numbered and chained
 * ({@link RowChain}), then {@code manifest.json} (every file's SHA-256, size, columns, rows, chain checkpoints),
 * {@code manifest.sig} (the raw 64-byte Ed25519 signature of the manifest's exact bytes) and
 * {@code installation-key.pem}. Files are written one after the other, so rows stream from the database.
 */
public final class EvidenceWriter {
    public static final String FORMAT = "alterna-evidence";
    public static final int VERSION = 1;
    /** Every this many rows, the manifest pins the row's hash. */
    public static final int CHECKPOINT = 100;
    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    public static final String KEY = "installation-key.pem";
    static final JsonMapper JSON = org.alterna.common.Json.MAPPER;

    private final ZipOutputStream zip;
    private final long time;
    private final List<Map<String, Object>> files = new ArrayList<>();
    private Table open;

    public EvidenceWriter(OutputStream out, Instant createdAt) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        // fast compression: rows end in a hash that does not compress, and a court waits for the package
        this.zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
        this.time = createdAt.toEpochMilli();
    }

    /** Adds a whole file (JSON, text). */
    public void file(String name, byte[] content) {
        check();
        try {
            ZipEntry e = new ZipEntry(name);
            e.setTime(time);
            zip.putNextEntry(e);
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("sha256", Csv.sha256Hex(content));
        m.put("bytes", content.length);
        files.add(m);
    }

    /** Starts a CSV file with the given columns (the writer adds {@code row} first and {@code row_hash} last). */
    public Table table(String name, String description, List<String> columns) {
        check();
        open = new Table(name, description, columns);
        return open;
    }

    private void check() {
        if (open != null) {
            throw new IllegalStateException(open.name + " is still open");
        }
    }

    /** Writes the manifest with {@code header} first, signs it; returns the manifest's bytes and signature. */
    public Sealed finish(Map<String, Object> header, Signer signer) {
        check();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("formatVersion", VERSION);
        manifest.putAll(header);
        manifest.put("keyId", signer.keyId());
        manifest.put("signature", SIGNATURE + ": Ed25519 signature (RFC 8032) of the exact bytes of " + MANIFEST
                + ", by the key in " + KEY);
        manifest.put("rowHash", "row r: SHA-256(hash(r-1) 0x1E field1 0x1F ... 0x1F fieldN), UTF-8, NULL = 0x00, "
                + "hex; row 1 chains to SHA-256(\"alterna-evidence/1 \" + file name)");
        manifest.put("files", files);
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
        byte[] signature = signer.sign(bytes);
        try {
            for (Object[] f : new Object[][] {{MANIFEST, bytes}, {SIGNATURE, signature},
                    {KEY, signer.publicKeyPem().getBytes(StandardCharsets.UTF_8)}}) {
                ZipEntry e = new ZipEntry((String) f[0]);
                e.setTime(time);
                zip.putNextEntry(e);
                zip.write((byte[]) f[1]);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Sealed(Csv.sha256Hex(bytes), Base64.getEncoder().encodeToString(signature), signer.keyId());
    }

    /** The manifest's SHA-256, the signature (Base64) and the key's id. */
    public record Sealed(String manifestSha256, String signatureBase64, String keyId) {
    }

    /** One CSV file being written. */
    public final class Table implements AutoCloseable {
        private final String name;
        private final String description;
        private final List<String> columns;
        private final Csv.HashingOutput hashing;
        private final Writer writer;
        private final Csv.Records printer;
        private final RowChain chain = new RowChain();
        private final Map<String, String> checkpoints = new LinkedHashMap<>();
        private final String[] fields;
        private String previous;
        private long rows;

        private Table(String name, String description, List<String> columns) {
            this.name = name;
            this.description = description;
            this.columns = List.copyOf(columns);
            this.previous = RowChain.genesis(name);
            this.fields = new String[columns.size() + 1];
            try {
                ZipEntry e = new ZipEntry(name);
                e.setTime(time);
                zip.putNextEntry(e);
                hashing = new Csv.HashingOutput(zip);
                writer = new BufferedWriter(new OutputStreamWriter(hashing, StandardCharsets.UTF_8), 1 << 16);
                printer = new Csv.Records(writer);
                List<String> header = new ArrayList<>();
                header.add("row");
                header.addAll(columns);
                header.add("row_hash");
                printer.print(header);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Appends a row (values in column order; null is SQL NULL). */
        public void row(String... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException(name + ": " + values.length + " values for " + columns.size()
                        + " columns");
            }
            rows++;
            fields[0] = Long.toString(rows);
            System.arraycopy(values, 0, fields, 1, values.length);
            String hash = chain.next(previous, Arrays.asList(fields));
            try {
                Object[] out = Arrays.copyOf(fields, fields.length + 1, Object[].class);
                out[fields.length] = hash;
                printer.print(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (rows % CHECKPOINT == 0) {
                checkpoints.put(Long.toString(rows), hash);
            }
            previous = hash;
        }

        public long rows() {
            return rows;
        }

        @Override
        public void close() {
            try {
                printer.flush();
                writer.flush();
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("description", description);
            m.put("sha256", hashing.sha256Hex());
            m.put("bytes", hashing.bytes());
            List<String> header = new ArrayList<>();
            header.add("row");
            header.addAll(columns);
            header.add("row_hash");
            m.put("columns", header);
            m.put("rows", rows);
            m.put("lastRowHash", previous);
            m.put("checkpoints", checkpoints);
            files.add(m);
            open = null;
        }
    }
}
