package org.alterna.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Signed anchors of the audit chain: at intervals ({@code alterna.audit.anchor-interval}) the chain's head (its last
 * sequence number and hash) is signed with the installation's Ed25519 key ({@link InstallationKey}) and appended as one
 * line to a file outside the database ({@code alterna.audit.anchor-file}, by default beside the key). Someone who can
 * write to the database can rewrite entries and recompute every hash after them, so that the chain verifies again; he
 * cannot sign the new hashes. {@link AuditVerifier} checks each anchor against the chain.
 *
 * <p>Line format: {@code 1 <seq> <hash> <signedAt> <keyId> <signature>}, the signature (Base64) over
 * {@code alterna-audit-anchor 1|seq|hash|signedAt}. Appends take a file lock, so several processes may share the file.
 */
@Component
@EnableConfigurationProperties(AuditAnchors.Settings.class)
public class AuditAnchors {
    private static final Logger log = LoggerFactory.getLogger(AuditAnchors.class);
    static final String VERSION = "1";

    private final AuditTrail trail;
    private final InstallationKey key;
    private final Path file;
    private final Path keyDir;
    private final Clock clock;
    private long lastAnchored = -1;

    /**
     * @param anchorFile {@code alterna.audit.anchor-file}: where the anchors are appended (empty: beside the key);
     *                   how often is {@code alterna.audit.anchor-interval}, read by the job's schedule
     */
    @ConfigurationProperties("alterna.audit")
    record Settings(@DefaultValue("") String anchorFile) {
    }

    @Autowired
    AuditAnchors(AuditTrail trail, InstallationKey key, Clock clock, Settings settings) {
        this(trail, key, clock, settings.anchorFile());
    }

    AuditAnchors(AuditTrail trail, InstallationKey key, Clock clock, String file) {
        this.trail = trail;
        this.key = key;
        this.clock = clock;
        this.keyDir = key.directory();
        this.file = file == null || file.isBlank() ? keyDir.resolve("audit-anchors.log") : Path.of(file);
    }

    /** One signed anchor: the chain's head {@code seq}/{@code hash} as it was at {@code signedAt}. */
    public record Anchor(int line, long seq, String hash, Instant signedAt, String keyId, String signature) {
        byte[] signed() {
            return ("alterna-audit-anchor " + VERSION + "|" + seq + "|" + hash + "|" + signedAt)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Where the anchors are kept. */
    public Path file() {
        return file;
    }

    /** Signs the chain's head into the file if the chain grew since the last anchor; returns it, or null. */
    public synchronized Anchor anchor() {
        AuditTrail.Head head = trail.head();
        if (head.seq() == 0 || head.seq() == lastAnchored) {
            return null;
        }
        Instant now = clock.instant();
        Anchor unsigned = new Anchor(0, head.seq(), head.hash(), now, key.keyId(), null);
        Anchor a = new Anchor(0, head.seq(), head.hash(), now, key.keyId(), key.signBase64(unsigned.signed()));
        String line = String.join(" ", VERSION, Long.toString(a.seq()), a.hash(), a.signedAt().toString(), a.keyId(),
                a.signature()) + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock ignored = ch.lock()) {
                ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit anchor file " + file, e);
        }
        lastAnchored = head.seq();
        log.debug("audit chain anchored at entry {}", head.seq());
        return a;
    }

    /** The anchors in the file, in order (none if there is no file); a line that cannot be parsed is kept unsigned. */
    public List<Anchor> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Anchor> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split(" ");
                if (f.length == 1 && f[0].isEmpty()) {
                    continue;
                }
                try {
                    out.add(new Anchor(i + 1, Long.parseLong(f[1]), f[2], Instant.parse(f[3]), f[4], f[5]));
                } catch (RuntimeException malformed) {
                    out.add(new Anchor(i + 1, -1, "", Instant.EPOCH, "", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchor file " + file, e);
        }
        return out;
    }

    /** The installation's public key as kept in the key directory, or null if there is none (never creates one). */
    public PublicKey publicKey() {
        Path pub = keyDir.resolve(InstallationKey.PUBLIC_FILE);
        try {
            return Files.exists(pub) ? InstallationKey.parsePublicKey(Files.readString(pub)) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the anchor carries a valid signature by {@code key}. */
    static boolean signedBy(Anchor a, PublicKey key) {
        try {
            return a.seq() > 0 && InstallationKey.verify(key, a.signed(), Base64.getDecoder().decode(a.signature()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
