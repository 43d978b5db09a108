package org.alterna.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.IdentityChanged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only audit trail. Each entry's SHA-256 covers its content and the previous entry's hash, so
 * altering, inserting or deleting an entry breaks the chain at that point ({@link AuditVerifier}); the chain's head is
 * signed at intervals with the installation's key into a file outside the database ({@link AuditAnchors}), so a chain
 * rewritten by someone who can write to the database (hashes recomputed) is caught too.
 * <p>
 * An entry is appended in the same transaction as the change it records, just before that transaction commits: no
 * change is committed without its entry, and a rolled-back change leaves none. Its sequence number comes from the
 * database ({@code audit_head}, one row locked by the append until the transaction commits), so appends from several
 * processes chain one after another in commit order, and the chain never forks. A read (a position, a track) that
 * runs outside a transaction is recorded in a transaction of its own. The database refuses to update or delete an
 * entry (a trigger on {@code audit_entry}).
 */
@Service
public class AuditTrail {
    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    AuditTrail(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** One entry of the trail as stored. */
    public record Entry(long seq, Instant occurredAt, String username, String role, String action,
            String recordType, String recordId, String detail, String remoteAddr, String prevHash, String hash) {

        String computeHash() {
            return sha256(String.join("|", Long.toString(seq), occurredAt.toString(), username, role, action,
                    String.valueOf(recordType), String.valueOf(recordId), String.valueOf(detail),
                    String.valueOf(remoteAddr), prevHash));
        }
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(Audited event) {
        record(Actors.current(), event, remoteAddress());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void on(IdentityChanged event) {
        record(Actors.current(), new Audited(event.action(), event.recordType(), event.recordId(), event.detail()),
                remoteAddress());
    }

    /**
     * Appends an entry for {@code actor} in the current transaction (or, outside one or in a read-only one, in a
     * transaction of its own); returns it with its sequence number and hash.
     */
    public Entry record(Actor actor, Audited event, String remoteAddr) {
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            return append(actor, event, remoteAddr);
        }
        return ownTransaction.execute(status -> append(actor, event, remoteAddr));
    }

    private Entry append(Actor actor, Audited event, String remoteAddr) {
        // takes the head's row lock until this transaction ends: the next appender, in any process, waits and
        // then chains to this entry
        jdbc.sql("update audit_head set seq = seq + 1 where id = 1").update();
        Object[] head = jdbc.sql("select seq, hash from audit_head where id = 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
        long seq = (Long) head[0];
        String prev = (String) head[1];
        // microsecond precision: what both H2 and PostgreSQL store exactly, so hashes recompute identically
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Entry draft = new Entry(seq, now, actor.username(), actor.role().name(), event.action(),
                event.recordType(), event.recordId(), truncate(event.detail()), remoteAddr, prev, null);
        Entry entry = new Entry(seq, now, draft.username(), draft.role(), draft.action(), draft.recordType(),
                draft.recordId(), draft.detail(), draft.remoteAddr(), prev, draft.computeHash());
        jdbc.sql("""
                insert into audit_entry (seq, occurred_at, username, role, action, record_type, record_id, detail,
                    remote_addr, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?)""")
                .params(entry.seq(), Timestamp.from(entry.occurredAt()), entry.username(), entry.role(),
                        entry.action(), entry.recordType(), entry.recordId(), entry.detail(),
                        entry.remoteAddr(), entry.prevHash(), entry.hash())
                .update();
        jdbc.sql("update audit_head set hash = ? where id = 1").param(entry.hash()).update();
        return entry;
    }

    /** The last entry's sequence number and hash (0 and the genesis hash for an empty trail). */
    public Head head() {
        return jdbc.sql("select seq, hash from audit_head where id = 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2))).optional().orElse(new Head(0, GENESIS));
    }

    /** The head of the chain: its last sequence number and hash. */
    public record Head(long seq, String hash) {
    }

    /** Entries matching the filters (all optional), newest first, at most {@code limit}. */
    public List<Entry> search(String username, String recordType, String recordId, String action, Instant from,
            Instant to, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_entry where 1=1");
        List<Object> params = new java.util.ArrayList<>();
        if (username != null) {
            sql.append(" and username = ?");
            params.add(username);
        }
        if (recordType != null) {
            sql.append(" and record_type = ?");
            params.add(recordType);
        }
        if (recordId != null) {
            sql.append(" and record_id = ?");
            params.add(recordId);
        }
        if (action != null) {
            sql.append(" and action = ?");
            params.add(action);
        }
        if (from != null) {
            sql.append(" and occurred_at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and occurred_at < ?");
            params.add(Timestamp.from(to));
        }
        sql.append(" order by seq desc limit ").append(Math.max(1, Math.min(limit, 10_000)));
        return jdbc.sql(sql.toString()).params(params).query(AuditTrail::map).list();
    }

    static Entry map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Entry(rs.getLong("seq"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("username"),
                rs.getString("role"), rs.getString("action"), rs.getString("record_type"),
                rs.getString("record_id"), rs.getString("detail"), rs.getString("remote_addr"),
                rs.getString("prev_hash"), rs.getString("hash"));
    }

    private static String remoteAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return request.getRemoteAddr();
        }
        return null;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
