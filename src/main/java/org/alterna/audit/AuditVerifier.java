package org.alterna.audit;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Walks the audit chain from the first entry and names the first one that was altered, inserted or deleted; then
 * checks the chain against the anchors signed with the installation's key ({@link AuditAnchors}), which catches a
 * chain rewritten with recomputed hashes (it then names the span where the rewrite begins: after the last entry that
 * matches a signed anchor, at or before the first that does not) and entries deleted from its end.
 */
@Service
public class AuditVerifier {
    private final JdbcClient jdbc;
    private final AuditAnchors anchors;

    AuditVerifier(JdbcClient jdbc, AuditAnchors anchors) {
        this.jdbc = jdbc;
        this.anchors = anchors;
    }

    /**
     * The outcome of a verification.
     *
     * @param intact         whether the whole chain verifies, against itself and against the signed anchors
     * @param entries        entries checked
     * @param firstBadSeq    sequence number where the chain first breaks (for a rewritten chain: the first entry that
     *                       may have been rewritten), or null
     * @param problem        what is wrong there, or null
     * @param headHash       hash of the last entry
     * @param anchorsChecked signed anchors checked against the chain (0: none found, see {@code anchorNote})
     * @param anchorNote     why anchors were not checked, or null
     */
    public record Result(boolean intact, long entries, Long firstBadSeq, String problem, String headHash,
            int anchorsChecked, String anchorNote) {
    }

    @Transactional(readOnly = true)
    public Result verify() {
        List<AuditAnchors.Anchor> signed = anchors.read();
        PublicKey key = anchors.publicKey();
        String note = signed.isEmpty() ? "no signed anchors in " + anchors.file()
                : key == null ? "no public key to check the anchors in " + anchors.file() + " with" : null;
        Map<Long, List<AuditAnchors.Anchor>> bySeq = new HashMap<>();
        if (note == null) {
            for (AuditAnchors.Anchor a : signed) {
                if (!AuditAnchors.signedBy(a, key)) {
                    return new Result(false, 0, null, "the anchor file " + anchors.file() + " was altered: line "
                            + a.line() + " is not signed by this installation's key", null, 0, null);
                }
                bySeq.computeIfAbsent(a.seq(), k -> new ArrayList<>()).add(a);
            }
        }
        AtomicLong expectedSeq = new AtomicLong(1);
        AtomicReference<String> prevHash = new AtomicReference<>(AuditTrail.GENESIS);
        AtomicLong checked = new AtomicLong();
        AtomicLong lastMatchingAnchor = new AtomicLong(0);
        AtomicLong anchorsChecked = new AtomicLong();
        AtomicReference<Result> failure = new AtomicReference<>();
        try (Stream<AuditTrail.Entry> entries = jdbc.sql("select * from audit_entry order by seq")
                .query(AuditTrail::map).stream()) {
            entries.takeWhile(e -> failure.get() == null).forEach(e -> {
                long expected = expectedSeq.get();
                String problem = null;
                if (e.seq() > expected) {
                    problem = "entry " + expected + (e.seq() - expected > 1 ? "-" + (e.seq() - 1) : "")
                            + " deleted: the sequence jumps from " + (expected - 1) + " to " + e.seq();
                    failure.set(new Result(false, checked.get(), expected, problem, null, (int) anchorsChecked.get(),
                            note));
                    return;
                }
                if (!e.prevHash().equals(prevHash.get())) {
                    problem = "entry " + e.seq() + " inserted or re-chained: its previous hash does not match entry "
                            + (e.seq() - 1);
                } else if (!e.hash().equals(e.computeHash())) {
                    problem = "entry " + e.seq() + " altered: its content does not match its hash";
                }
                if (problem == null) {
                    for (AuditAnchors.Anchor a : bySeq.getOrDefault(e.seq(), List.of())) {
                        anchorsChecked.incrementAndGet();
                        if (!a.hash().equals(e.hash())) {
                            long from = lastMatchingAnchor.get() + 1;
                            problem = "the chain was rewritten: entry " + e.seq() + " differs from the hash signed at "
                                    + a.signedAt() + (from == e.seq() ? "" : "; the rewrite begins at one of entries "
                                    + from + "-" + e.seq() + " (entry " + (from - 1) + " matches the signed anchor"
                                    + " before)");
                            failure.set(new Result(false, checked.get(), from, problem, null,
                                    (int) anchorsChecked.get(), note));
                            return;
                        }
                        lastMatchingAnchor.set(e.seq());
                    }
                }
                if (problem != null) {
                    failure.set(new Result(false, checked.get(), e.seq(), problem, null, (int) anchorsChecked.get(),
                            note));
                    return;
                }
                checked.incrementAndGet();
                expectedSeq.incrementAndGet();
                prevHash.set(e.hash());
            });
        }
        if (failure.get() != null) {
            return failure.get();
        }
        long last = expectedSeq.get() - 1;
        for (Map.Entry<Long, List<AuditAnchors.Anchor>> a : bySeq.entrySet()) {
            if (a.getKey() > last) {
                AuditAnchors.Anchor anchor = a.getValue().get(0);
                return new Result(false, checked.get(), last + 1, "entries " + (last + 1) + "-" + anchor.seq()
                        + " deleted: the chain ends at " + last + " but the anchor signed at " + anchor.signedAt()
                        + " covers entry " + anchor.seq(), null, (int) anchorsChecked.get(), note);
            }
        }
        return new Result(true, checked.get(), null, null, checked.get() == 0 ? null : prevHash.get(),
                (int) anchorsChecked.get(), note);
    }
}
