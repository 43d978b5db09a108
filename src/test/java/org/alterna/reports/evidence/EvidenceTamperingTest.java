package org.alterna.reports.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.alterna.audit.InstallationKey;
import org.alterna.portability.Signer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evidence package checks out intact, and each way of tampering with it is caught and named: a byte of a row, a
 * byte of the compressed archive, a removed row, reordered rows, a duplicated row, a file whose every hash was
 * recomputed, an added file, a removed file, and a package re-signed with another key.
 */
public class EvidenceTamperingTest {
    @TempDir
    Path dir;

    KeyPair installation;
    byte[] original;

    @BeforeEach
    void makePackage() throws Exception {
        installation = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        original = build(installation, 250);
    }

    public static byte[] build(KeyPair key, int fixes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EvidenceWriter w = new EvidenceWriter(out, Instant.parse("2026-03-31T12:00:00Z"));
        w.file("case.json", "{\"expediente\":\"00123-2026\"}".getBytes(StandardCharsets.UTF_8));
        try (EvidenceWriter.Table t = w.table("fixes.csv", "positions", List.of("device_time", "latitude", "longitude",
                "accuracy_m", "source"))) {
            for (int i = 0; i < fixes; i++) {
                t.row(Instant.parse("2026-03-01T05:00:00Z").plusSeconds(60L * i).toString(),
                        Double.toString(-12.12 + i * 1e-5), Double.toString(-77.03 - i * 1e-5),
                        i % 7 == 0 ? null : Double.toString(8 + i % 20), i % 11 == 0 ? "LBS" : "GPS");
            }
        }
        try (EvidenceWriter.Table t = w.table("alarm_actions.csv", "actions", List.of("occurred_at", "actor", "action",
                "detail"))) {
            t.row("2026-03-02T02:13:00Z", "system", "raised", null);
            t.row("2026-03-02T02:14:10Z", "operador", "acknowledged", "");
            t.row("2026-03-02T02:20:00Z", "operador", "resolved", "regresó, \"confirmado\"");
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("expediente", "00123-2026");
        w.finish(header, signer(key));
        return out.toByteArray();
    }

    public static Signer signer(KeyPair key) {
        return new Signer() {
            @Override
            public byte[] sign(byte[] data) {
                try {
                    Signature s = Signature.getInstance("Ed25519");
                    s.initSign(key.getPrivate());
                    s.update(data);
                    return s.sign();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String publicKeyPem() {
                return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
            }

            @Override
            public String keyId() {
                return InstallationKey.keyId(key.getPublic());
            }
        };
    }

    EvidenceVerifier.Result verify(byte[] zip) throws IOException {
        Path f = Files.createTempFile(dir, "package", ".zip");
        Files.write(f, zip);
        return EvidenceVerifier.verify(f, installation.getPublic(), EvidenceVerifier.KeySource.GIVEN);
    }

    /** The archive with one entry's bytes replaced (re-zipped, as someone editing a file would). */
    public static byte[] rewrite(byte[] zip, String name, UnaryOperator<byte[]> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip));
             ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals(name)) {
                    bytes = change.apply(bytes);
                    if (bytes == null) {
                        continue;
                    }
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(bytes);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] entry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** CSV lines of a file (CRLF-separated), header first. */
    public static List<String> lines(byte[] csv) {
        return new ArrayList<>(List.of(new String(csv, StandardCharsets.UTF_8).split("\r\n")));
    }

    public static byte[] join(List<String> lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static List<String> codes(EvidenceVerifier.Result r) {
        return r.problems().stream().map(p -> p.code() + " " + p.file() + (p.row() == null ? "" : " " + p.row()))
                .toList();
    }

    @Test
    void anUntouchedPackageIsIntact() throws IOException {
        EvidenceVerifier.Result r = verify(original);
        assertThat(r.problems()).isEmpty();
        assertThat(r.intact()).isTrue();
        assertThat(r.signatureValid()).isTrue();
        assertThat(r.files()).extracting(EvidenceVerifier.FileCheck::status).containsOnly("INTACT");
        assertThat(r.files()).extracting(EvidenceVerifier.FileCheck::name)
                .containsExactly("case.json", "fixes.csv", "alarm_actions.csv");
        assertThat(r.keyId()).isEqualTo(InstallationKey.keyId(installation.getPublic()));
    }

    @Test
    void aByteChangedInARowNamesTheRow() throws IOException {
        byte[] tampered = rewrite(original, "fixes.csv", csv -> {
            List<String> l = lines(csv);
            l.set(57, l.get(57).replaceFirst("\"-12\\.1", "\"-12.2")); // line 57 is row 57 (the header is line 0)
            return join(l);
        });
        EvidenceVerifier.Result r = verify(tampered);
        assertThat(r.intact()).isFalse();
        assertThat(r.signatureValid()).as("the manifest itself is untouched").isTrue();
        assertThat(codes(r)).containsExactly("ROW_ALTERED fixes.csv 57");
        assertThat(r.files()).filteredOn(f -> f.name().equals("fixes.csv")).extracting(EvidenceVerifier.FileCheck::status)
                .containsExactly("ALTERED");
    }

    @Test
    void aByteFlippedInTheCompressedArchiveNamesTheFile() throws IOException {
        byte[] tampered = original.clone();
        int at = indexOf(tampered, "fixes.csv".getBytes(StandardCharsets.US_ASCII)) + 200; // inside its compressed data
        tampered[at] ^= 0x40;
        EvidenceVerifier.Result r = verify(tampered);
        assertThat(r.intact()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("fixes.csv");
            assertThat(p.code()).isIn("UNREADABLE_FILE", "ROW_ALTERED", "ROW_MALFORMED", "ROW_REMOVED");
        });
    }

    @Test
    void aRemovedRowIsNamed() throws IOException {
        byte[] tampered = rewrite(original, "fixes.csv", csv -> {
            List<String> l = lines(csv);
            l.remove(100); // row 100
            return join(l);
        });
        EvidenceVerifier.Result r = verify(tampered);
        assertThat(codes(r)).containsExactlyInAnyOrder("ROW_REMOVED fixes.csv 100", "ROW_COUNT fixes.csv");
    }

    @Test
    void reorderedRowsAreNamed() throws IOException {
        byte[] tampered = rewrite(original, "fixes.csv", csv -> {
            List<String> l = lines(csv);
            String row5 = l.get(5);
            l.set(5, l.get(6));
            l.set(6, row5);
            return join(l);
        });
        EvidenceVerifier.Result r = verify(tampered);
        assertThat(codes(r)).containsExactly("ROW_REORDERED fixes.csv 5");
        assertThat(r.problems().get(0).detail()).isEqualTo("6");
        assertThat(r.problems().get(0).message()).contains("row 5 appears after row 6");
    }

    @Test
    void aDuplicatedRowIsNamed() throws IOException {
        byte[] tampered = rewrite(original, "alarm_actions.csv", csv -> {
            List<String> l = lines(csv);
            l.add(l.get(3));
            return join(l);
        });
        assertThat(codes(verify(tampered))).containsExactly("ROW_DUPLICATED alarm_actions.csv 3");
    }

    @Test
    void aFileWhoseHashesWereAllRecomputedIsLocatedByTheSignedCheckpoints() throws IOException {
        // a forger removes row 150 and renumbers and re-hashes every row after it, so each row matches its chain
        byte[] tampered = rewrite(original, "fixes.csv", csv -> {
            List<String> l = lines(csv);
            l.remove(150);
            List<String> out = new ArrayList<>();
            out.add(l.get(0));
            String previous = RowChain.genesis("fixes.csv");
            RowChain chain = new RowChain();
            for (int i = 1; i < l.size(); i++) {
                List<String> fields = parse(l.get(i));
                fields.set(0, Integer.toString(i));
                List<String> content = fields.subList(0, fields.size() - 1);
                String hash = chain.next(previous, content);
                fields.set(fields.size() - 1, hash);
                previous = hash;
                out.add(csvLine(fields));
            }
            return join(out);
        });
        EvidenceVerifier.Result r = verify(tampered);
        assertThat(codes(r)).contains("CHECKPOINT fixes.csv 200", "ROW_REMOVED fixes.csv 250", "ROW_COUNT fixes.csv");
        assertThat(r.problems()).filteredOn(p -> p.code().equals("CHECKPOINT")).first()
                .satisfies(p -> assertThat(p.message()).contains("rows 101–200 were rewritten").doesNotContain("rows 1–"));
    }

    @Test
    void anAddedOrRemovedFileIsNamed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(original));
             ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] b = in.readAllBytes();
                if (!e.getName().equals("alarm_actions.csv")) {
                    z.putNextEntry(new ZipEntry(e.getName()));
                    z.write(b);
                    z.closeEntry();
                }
            }
            z.putNextEntry(new ZipEntry("note.txt"));
            z.write("added later".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        assertThat(codes(verify(out.toByteArray()))).containsExactlyInAnyOrder("MISSING_FILE alarm_actions.csv",
                "UNLISTED_FILE note.txt");
    }

    @Test
    void aPackageReSignedWithAnotherKeyIsCaughtWithTheInstallationKey() throws Exception {
        // the forger alters a row, recomputes the file's hash in the manifest, re-signs with their own key and puts
        // their public key in the package
        KeyPair forger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] csv = entry(original, "fixes.csv");
        List<String> l = lines(csv);
        l.remove(10);
        byte[] forgedCsv = join(l);
        String manifest = new String(entry(original, "manifest.json"), StandardCharsets.UTF_8)
                .replace(hex(MessageDigest.getInstance("SHA-256").digest(csv)),
                        hex(MessageDigest.getInstance("SHA-256").digest(forgedCsv)));
        byte[] forgedManifest = manifest.getBytes(StandardCharsets.UTF_8);
        byte[] tampered = rewrite(original, "fixes.csv", b -> forgedCsv);
        tampered = rewrite(tampered, "manifest.json", b -> forgedManifest);
        tampered = rewrite(tampered, "manifest.sig", b -> signer(forger).sign(forgedManifest));
        tampered = rewrite(tampered, "installation-key.pem", b -> signer(forger).publicKeyPem()
                .getBytes(StandardCharsets.UTF_8));

        EvidenceVerifier.Result r = verify(tampered);
        assertThat(r.intact()).isFalse();
        assertThat(r.signatureValid()).isFalse();
        assertThat(codes(r)).contains("SIGNATURE manifest.json", "KEY_REPLACED installation-key.pem");
        assertThat(r.packageKeyId()).isEqualTo(InstallationKey.keyId(forger.getPublic()));

        // checked only against the key the package carries, the forgery looks whole: why the report prints the key
        Path f = Files.createTempFile(dir, "forged", ".zip");
        Files.write(f, tampered);
        EvidenceVerifier.Result selfChecked = EvidenceVerifier.verify(f, null, EvidenceVerifier.KeySource.GIVEN);
        assertThat(selfChecked.keySource()).isEqualTo(EvidenceVerifier.KeySource.PACKAGE);
        assertThat(selfChecked.keyId()).isNotEqualTo(InstallationKey.keyId(installation.getPublic()));
    }

    @Test
    void somethingThatIsNotAPackageIsSaidToBeSo() throws IOException {
        EvidenceVerifier.Result r = verify("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.intact()).isFalse();
        assertThat(codes(r)).containsExactly("NOT_A_PACKAGE null");
    }

    @Test
    void nullAndEmptyTextHashDifferently() {
        RowChain chain = new RowChain();
        List<String> withNull = new ArrayList<>();
        withNull.add("1");
        withNull.add(null);
        assertThat(chain.next("0", withNull)).isNotEqualTo(chain.next("0", List.of("1", "")));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static List<String> parse(String line) {
        try (var p = org.apache.commons.csv.CSVParser.parse(line, org.alterna.portability.Csv.WRITE)) {
            List<String> out = new ArrayList<>();
            p.getRecords().get(0).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String csvLine(List<String> fields) {
        StringBuilder b = new StringBuilder();
        try (var p = new org.apache.commons.csv.CSVPrinter(b, org.alterna.portability.Csv.WRITE)) {
            p.printRecord(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toString().replace("\r\n", "");
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
