package org.alterna.reports.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.alterna.portability.Csv;

/**
 * The hash that chains the rows of one evidence file. Row {@code r}'s hash is
 * <pre>SHA-256( hash(r-1) · 0x1E · field₁ · 0x1F · field₂ · … · 0x1F · fieldₙ )</pre>
 * in hexadecimal, over the UTF-8 bytes of every field of the row except the hash itself (field₁ is the row number; a
 * NULL field is the single byte 0x00, so it differs from an empty text). Row 1 chains to the file's genesis, the
 * SHA-256 of {@code "alterna-evidence/1 " + file name}, so rows cannot be moved between files unnoticed. Altering a
 * row breaks its own hash; removing, inserting or reordering rows breaks the row numbers and the links; the signed
 * manifest pins the hash of every {@value EvidenceWriter#CHECKPOINT}th row and of the last one, so even a file whose
 * every hash was recomputed is caught and the damage located to a block.
 */
public final class RowChain {
    private static final byte RECORD = 0x1E;
    private static final byte UNIT = 0x1F;
    private final MessageDigest digest = Csv.sha256();

    public static String genesis(String fileName) {
        return Csv.sha256Hex(("alterna-evidence/1 " + fileName).getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of a row whose fields (row number first, hash excluded) are {@code fields}, after {@code previous}. */
    public String next(String previous, List<String> fields) {
        digest.reset();
        digest.update(previous.getBytes(StandardCharsets.US_ASCII));
        digest.update(RECORD);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                digest.update(UNIT);
            }
            String f = fields.get(i);
            if (f == null) {
                digest.update((byte) 0);
            } else {
                digest.update(f.getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
