package org.alterna.reports.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.alterna.audit.InstallationKey;
import org.alterna.portability.Csv;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;

/**
 * Checks an evidence package and says exactly what is wrong: the signature of the manifest (with a key given by the
 * person checking, or else the one inside the package — which proves integrity, not origin), then every file's
 * SHA-256; for an altered CSV file it walks the rows and names each altered, removed, duplicated or reordered row
 * and each signed checkpoint that no longer matches. No database, no network.
 */
public final class EvidenceVerifier {
    /** At most this many problems are named per file; the rest are counted. */
    static final int MAX_PER_FILE = 50;
    /** Row hashes kept for checking rows that arrive out of order. */
    private static final int WINDOW = 20_000;

    private EvidenceVerifier() {
    }

    /** Where the key used for the signature came from. */
    public enum KeySource {
        /** Given by the person checking (a file, a pasted PEM). */
        GIVEN,
        /** This installation's own published key. */
        INSTALLATION,
        /** The key carried inside the package: proves the package is whole, not who made it. */
        PACKAGE
    }

    /**
     * One finding. {@code code} is stable (the console translates it); {@code message} says it in English.
     *
     * @param code   SIGNATURE, KEY_MISMATCH, KEY_REPLACED, NO_MANIFEST, NO_KEY, NOT_A_PACKAGE, MISSING_FILE,
     *               UNLISTED_FILE, UNREADABLE_FILE, FILE_ALTERED, HEADER_CHANGED, ROW_ALTERED, ROW_REMOVED,
     *               ROW_DUPLICATED, ROW_REORDERED, ROW_MALFORMED, ROW_COUNT, CHECKPOINT, REFORMATTED, MORE
     * @param file   the file concerned, or null
     * @param row    the row number concerned, or null
     * @param detail a number or name completing the code (another row, a count, a key id), or null
     */
    public record Problem(String code, String file, Long row, String detail, String message) {
    }

    /** A file of the manifest and what was found. */
    public record FileCheck(String name, String status, String expectedSha256, String actualSha256, Long rows) {
    }

    /** The outcome. {@code intact} only if the signature verifies and every file matches. */
    public record Result(boolean intact, boolean signatureValid, String keyId, KeySource keySource,
            String packageKeyId, String manifestSha256, Map<String, Object> subject, List<FileCheck> files,
            List<Problem> problems) {
    }

    /**
     * Verifies the package in {@code zipFile}. {@code key}: the key to check the signature with (null: the package's
     * own), {@code source}: where it came from.
     */
    public static Result verify(Path zipFile, PublicKey key, KeySource source) {
        List<Problem> problems = new ArrayList<>();
        try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
            return verify(zip, key, source, problems);
        } catch (ZipException e) {
            problems.add(new Problem("NOT_A_PACKAGE", null, null, null,
                    "not a readable ZIP archive (" + e.getMessage() + "): not an evidence package, or damaged"));
        } catch (IOException e) {
            problems.add(new Problem("NOT_A_PACKAGE", null, null, null, "cannot read the file: " + e.getMessage()));
        }
        return new Result(false, false, null, source, null, null, Map.of(), List.of(), problems);
    }

    private static Result verify(ZipFile zip, PublicKey given, KeySource source, List<Problem> problems)
            throws IOException {
        ZipEntry manifestEntry = zip.getEntry(EvidenceWriter.MANIFEST);
        if (manifestEntry == null) {
            problems.add(new Problem("NO_MANIFEST", EvidenceWriter.MANIFEST, null, null,
                    "manifest.json is missing: not an evidence package, or its manifest was removed"));
            return new Result(false, false, null, source, null, null, Map.of(), List.of(), problems);
        }
        byte[] manifestBytes = read(zip, manifestEntry, problems, EvidenceWriter.MANIFEST);
        if (manifestBytes == null) {
            return new Result(false, false, null, source, null, null, Map.of(), List.of(), problems);
        }
        String manifestSha = Csv.sha256Hex(manifestBytes);
        JsonNode manifest;
        try {
            manifest = EvidenceWriter.JSON.readTree(manifestBytes);
        } catch (RuntimeException e) {
            problems.add(new Problem("NO_MANIFEST", EvidenceWriter.MANIFEST, null, null,
                    "manifest.json is not valid JSON: it was altered"));
            return new Result(false, false, null, source, null, manifestSha, Map.of(), List.of(), problems);
        }

        // the signature
        PublicKey packageKey = null;
        ZipEntry keyEntry = zip.getEntry(EvidenceWriter.KEY);
        if (keyEntry != null) {
            byte[] pem = read(zip, keyEntry, problems, EvidenceWriter.KEY);
            try {
                packageKey = pem == null ? null : InstallationKey.parsePublicKey(new String(pem, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("NO_KEY", EvidenceWriter.KEY, null, null,
                        "installation-key.pem is not an Ed25519 public key"));
            }
        }
        PublicKey key = given;
        KeySource used = source;
        if (key == null) {
            key = packageKey;
            used = KeySource.PACKAGE;
        }
        String packageKeyId = packageKey == null ? null : InstallationKey.keyId(packageKey);
        boolean signatureValid = false;
        String keyId = key == null ? null : InstallationKey.keyId(key);
        if (key == null) {
            problems.add(new Problem("NO_KEY", EvidenceWriter.KEY, null, null,
                    "no public key given and none in the package: the signature cannot be checked"));
        } else {
            ZipEntry sigEntry = zip.getEntry(EvidenceWriter.SIGNATURE);
            byte[] signature = sigEntry == null ? null : read(zip, sigEntry, problems, EvidenceWriter.SIGNATURE);
            String claimed = manifest.path("keyId").asString(null);
            if (claimed != null && !claimed.equals(keyId)) {
                problems.add(new Problem("KEY_MISMATCH", EvidenceWriter.MANIFEST, null, claimed,
                        "the manifest says it was signed by key " + claimed + ", but it is checked with key " + keyId));
            }
            if (packageKeyId != null && !packageKeyId.equals(keyId)) {
                problems.add(new Problem("KEY_REPLACED", EvidenceWriter.KEY, null, packageKeyId,
                        "the package carries key " + packageKeyId + ", not the key " + keyId + " it is checked with"));
            }
            if (signature == null) {
                problems.add(new Problem("SIGNATURE", EvidenceWriter.SIGNATURE, null, keyId,
                        "manifest.sig is missing: the package is not signed"));
            } else if (InstallationKey.verify(key, manifestBytes, signature)) {
                signatureValid = true;
            } else {
                problems.add(new Problem("SIGNATURE", EvidenceWriter.MANIFEST, null, keyId,
                        "the manifest's signature does not verify with key " + keyId
                                + ": the manifest was altered, or signed by another key"));
            }
        }

        // every file of the manifest
        List<FileCheck> files = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>(List.of(EvidenceWriter.MANIFEST, EvidenceWriter.SIGNATURE,
                EvidenceWriter.KEY));
        for (JsonNode f : manifest.path("files")) {
            String name = f.path("name").asString("");
            listed.add(name);
            files.add(checkFile(zip, f, problems));
        }
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
            ZipEntry entry = e.nextElement();
            if (!listed.contains(entry.getName())) {
                problems.add(new Problem("UNLISTED_FILE", entry.getName(), null, null,
                        entry.getName() + " is not part of the signed package (it was added)"));
            }
        }
        Map<String, Object> subject = new LinkedHashMap<>();
        for (String k : new String[] {"packageId", "orderId", "expediente", "court", "periodFrom", "periodTo",
                "createdAt"}) {
            if (manifest.has(k)) {
                subject.put(k, manifest.get(k).asString());
            }
        }
        boolean intact = signatureValid && problems.isEmpty();
        return new Result(intact, signatureValid, keyId, used, packageKeyId, manifestSha, subject, files, problems);
    }

    private static byte[] read(ZipFile zip, ZipEntry e, List<Problem> problems, String name) {
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            problems.add(new Problem("UNREADABLE_FILE", name, null, null,
                    name + " cannot be read (" + ex.getMessage() + "): its bytes in the archive were altered"));
            return null;
        }
    }

    private static FileCheck checkFile(ZipFile zip, JsonNode f, List<Problem> problems) {
        String name = f.path("name").asString("");
        String expected = f.path("sha256").asString("");
        Long rows = f.has("rows") ? f.path("rows").asLong() : null;
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            problems.add(new Problem("MISSING_FILE", name, null, null, name + " is missing from the package"));
            return new FileCheck(name, "MISSING", expected, null, null);
        }
        String actual;
        try (InputStream in = zip.getInputStream(entry)) {
            MessageDigest d = Csv.sha256();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                d.update(buf, 0, n);
            }
            actual = Csv.hex(d.digest());
        } catch (IOException ex) {
            problems.add(new Problem("UNREADABLE_FILE", name, null, null,
                    name + " cannot be read (" + ex.getMessage() + "): its bytes in the archive were altered"));
            return new FileCheck(name, "UNREADABLE", expected, null, null);
        }
        if (actual.equals(expected)) {
            return new FileCheck(name, "INTACT", expected, actual, rows);
        }
        if (!f.has("columns")) {
            problems.add(new Problem("FILE_ALTERED", name, null, null,
                    name + " was altered: its SHA-256 is " + actual + ", the manifest's " + expected));
            return new FileCheck(name, "ALTERED", expected, actual, null);
        }
        List<Problem> found = new ArrayList<>();
        long seen;
        try (InputStream in = zip.getInputStream(entry)) {
            seen = walkRows(name, f, in, found);
        } catch (IOException | RuntimeException ex) {
            found.add(new Problem("UNREADABLE_FILE", name, null, null,
                    name + " cannot be read as CSV (" + ex.getMessage() + ")"));
            seen = -1;
        }
        if (found.isEmpty()) {
            found.add(new Problem("REFORMATTED", name, null, null, name + " was altered: its bytes differ from the "
                    + "manifest, yet every row still matches its hash (quoting, spacing or line ends were changed)"));
        }
        if (found.size() > MAX_PER_FILE) {
            int more = found.size() - MAX_PER_FILE;
            found = new ArrayList<>(found.subList(0, MAX_PER_FILE));
            found.add(new Problem("MORE", name, null, Integer.toString(more), "… and " + more + " more problems in "
                    + name));
        }
        problems.addAll(found);
        return new FileCheck(name, "ALTERED", expected, actual, seen < 0 ? null : seen);
    }

    /** Walks the rows of an altered CSV file; returns the number of rows read. */
    private static long walkRows(String name, JsonNode f, InputStream in, List<Problem> found) throws IOException {
        List<String> columns = new ArrayList<>();
        f.path("columns").forEach(c -> columns.add(c.asString()));
        long expectedRows = f.path("rows").asLong();
        Map<Long, String> checkpoints = new HashMap<>();
        f.path("checkpoints").properties().forEach(e -> checkpoints.put(Long.parseLong(e.getKey()), e.getValue().asString()));
        checkpoints.put(expectedRows, f.path("lastRowHash").asString(""));

        CSVParser parser = CSVParser.builder().setReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                .setFormat(Csv.READ).get();
        if (!parser.getHeaderNames().equals(columns)) {
            found.add(new Problem("HEADER_CHANGED", name, null, null, name + ": its header " + parser.getHeaderNames()
                    + " is not the manifest's " + columns));
            return -1;
        }
        RowChain chain = new RowChain();
        String genesis = RowChain.genesis(name);
        Map<Long, String> hashes = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
                return size() > WINDOW;
            }
        };
        Map<Long, List<String>> waiting = new HashMap<>(); // rows whose predecessor has not been read yet
        Map<Long, String> waitingHash = new HashMap<>();
        BitSet present = new BitSet();
        long maxRow = 0;
        long previousRow = 0;
        long read = 0;
        int n = columns.size();
        for (CSVRecord r : parser) {
            read++;
            if (r.size() != n) {
                found.add(new Problem("ROW_MALFORMED", name, null, Long.toString(read), name + ": record " + read
                        + " has " + r.size() + " fields instead of " + n + " (a row was cut or merged)"));
                continue;
            }
            long row;
            try {
                row = Long.parseLong(r.get(0));
            } catch (NumberFormatException e) {
                found.add(new Problem("ROW_MALFORMED", name, null, Long.toString(read), name + ": record " + read
                        + " has no row number ('" + r.get(0) + "'): it was altered"));
                continue;
            }
            if (row < 1 || row > Integer.MAX_VALUE) {
                found.add(new Problem("ROW_MALFORMED", name, row, null, name + ": row number " + row + " is impossible"));
                continue;
            }
            if (present.get((int) row)) {
                found.add(new Problem("ROW_DUPLICATED", name, row, null, name + ": row " + row
                        + " appears twice (a copy was inserted)"));
                continue;
            }
            if (row < maxRow) {
                found.add(new Problem("ROW_REORDERED", name, row, Long.toString(previousRow), name + ": row " + row
                        + " appears after row " + previousRow + " (rows were reordered)"));
            }
            present.set((int) row);
            List<String> fields = new ArrayList<>(n - 1);
            for (int i = 0; i < n - 1; i++) {
                fields.add(r.get(i));
            }
            String stored = r.get(n - 1);
            String before = row == 1 ? genesis : hashes.get(row - 1);
            if (before == null) {
                waiting.put(row, fields);
                waitingHash.put(row, stored);
            } else if (!chain.next(before, fields).equals(stored)) {
                found.add(altered(name, row));
            }
            hashes.put(row, stored);
            List<String> next = waiting.remove(row + 1);
            if (next != null && !chain.next(stored, next).equals(waitingHash.remove(row + 1))) {
                found.add(altered(name, row + 1));
            }
            String pinned = checkpoints.get(row);
            if (pinned != null && !pinned.equals(stored)) {
                long from = row == expectedRows && row % EvidenceWriter.CHECKPOINT != 0
                        ? row - row % EvidenceWriter.CHECKPOINT + 1 : Math.max(1, row - EvidenceWriter.CHECKPOINT + 1);
                found.add(new Problem("CHECKPOINT", name, row, Long.toString(from), name + ": row " + row
                        + "'s hash differs from the one signed in the manifest: rows " + from + "–" + row
                        + " were rewritten (or rows before them removed or inserted)"));
            }
            maxRow = Math.max(maxRow, row);
            previousRow = row;
        }
        for (long row = 1; row <= Math.max(expectedRows, maxRow); row++) {
            if (!present.get((int) row)) {
                found.add(new Problem("ROW_REMOVED", name, row, null, name + ": row " + row + " was removed"));
            }
        }
        long rows = present.cardinality();
        if (rows != expectedRows) {
            found.add(new Problem("ROW_COUNT", name, null, Long.toString(expectedRows), name + " has " + rows
                    + " rows; the manifest says " + expectedRows));
        }
        return read;
    }

    private static Problem altered(String name, long row) {
        return new Problem("ROW_ALTERED", name, row, null, name + ": row " + row
                + " was altered (its content no longer matches its hash)");
    }
}
