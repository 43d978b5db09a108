package org.alterna.audit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Walks the audit chain from the first entry and names the first one that was altered, inserted or deleted. */
@Service
public class AuditVerifier {
    private final JdbcClient jdbc;

    AuditVerifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The outcome of a verification.
     *
     * @param intact       whether the whole chain verifies
     * @param entries      entries checked
     * @param firstBadSeq  sequence number where the chain first breaks, or null
     * @param problem      what is wrong there, or null
     * @param headHash     hash of the last entry (worth recording elsewhere: it anchors the chain)
     */
    public record Result(boolean intact, long entries, Long firstBadSeq, String problem, String headHash) {
    }

    @Transactional(readOnly = true)
    public Result verify() {
        AtomicLong expectedSeq = new AtomicLong(1);
        AtomicReference<String> prevHash = new AtomicReference<>(AuditTrail.GENESIS);
        AtomicLong checked = new AtomicLong();
        AtomicReference<Result> failure = new AtomicReference<>();
        try (Stream<AuditTrail.Entry> entries = jdbc.sql("select * from audit_entry order by seq")
                .query(AuditTrail::map).stream()) {
            entries.takeWhile(e -> failure.get() == null).forEach(e -> {
                long expected = expectedSeq.get();
                String problem = null;
                if (e.seq() > expected) {
                    problem = "entry " + expected + (e.seq() - expected > 1 ? "-" + (e.seq() - 1) : "")
                            + " deleted: the sequence jumps from " + (expected - 1) + " to " + e.seq();
                    failure.set(new Result(false, checked.get(), expected, problem, null));
                    return;
                }
                if (!e.prevHash().equals(prevHash.get())) {
                    problem = "entry " + e.seq() + " inserted or re-chained: its previous hash does not match entry "
                            + (e.seq() - 1);
                } else if (!e.hash().equals(e.computeHash())) {
                    problem = "entry " + e.seq() + " altered: its content does not match its hash";
                }
                if (problem != null) {
                    failure.set(new Result(false, checked.get(), e.seq(), problem, null));
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
        return new Result(true, checked.get(), null, null, checked.get() == 0 ? null : prevHash.get());
    }
}
