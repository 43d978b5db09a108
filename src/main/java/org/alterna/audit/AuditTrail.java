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
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The append-only audit trail. Each entry's SHA-256 covers its content and the previous entry's hash, so
 * altering, inserting or deleting an entry breaks the chain at that point ({@link AuditVerifier}).
 * <p>
 * Entries are appended after the change they describe commits (a rolled-back change leaves no entry), one at a
 * time in their own transaction so that the chain never forks.
 * <p>
 * Appending uses a small connection pool of its own: the request whose change is being audited still holds its
 * connection while its after-commit listeners run, so taking a second one from the shared pool could wait forever
 * once every shared connection is held by requests queueing for the trail.
 */
@Service
public class AuditTrail implements DisposableBean {
    static final String GENESIS = "0".repeat(64);

    private final JdbcClient jdbc;
    private final JdbcClient appendJdbc;
    private final TransactionTemplate newTransaction;
    private final HikariDataSource ownPool;
    private final Clock clock;

    AuditTrail(JdbcClient jdbc, DataSource dataSource, Clock clock) {
        this.jdbc = jdbc;
        this.ownPool = dataSource instanceof HikariDataSource shared ? appendPool(shared) : null;
        DataSource append = ownPool != null ? ownPool : dataSource;
        this.appendJdbc = JdbcClient.create(append);
        this.newTransaction = new TransactionTemplate(new JdbcTransactionManager(append));
        this.clock = clock;
    }

    private static HikariDataSource appendPool(HikariDataSource shared) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("audit-append");
        pool.setJdbcUrl(shared.getJdbcUrl());
        pool.setUsername(shared.getUsername());
        pool.setPassword(shared.getPassword());
        if (shared.getDriverClassName() != null) {
            pool.setDriverClassName(shared.getDriverClassName());
        }
        pool.setDataSourceProperties(shared.getDataSourceProperties());
        pool.setMaximumPoolSize(2); // appends are serialised: one at work, one spare
        pool.setMinimumIdle(1);
        return pool;
    }

    @Override
    public void destroy() {
        if (ownPool != null) {
            ownPool.close();
        }
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

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(Audited event) {
        record(Actors.current(), event, remoteAddress());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(IdentityChanged event) {
        record(Actors.current(), new Audited(event.action(), event.recordType(), event.recordId(), event.detail()),
                remoteAddress());
    }

    /** Appends an entry for {@code actor}; returns it with its sequence number and hash. */
    public synchronized Entry record(Actor actor, Audited event, String remoteAddr) {
        return newTransaction.execute(status -> {
            Entry last = appendJdbc.sql("select * from audit_entry order by seq desc limit 1")
                    .query(AuditTrail::map).optional().orElse(null);
            long seq = last == null ? 1 : last.seq() + 1;
            String prev = last == null ? GENESIS : last.hash();
            // microsecond precision: what both H2 and PostgreSQL store exactly, so hashes recompute identically
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Entry draft = new Entry(seq, now, actor.username(), actor.role().name(), event.action(),
                    event.recordType(), event.recordId(), truncate(event.detail()), remoteAddr, prev, null);
            Entry entry = new Entry(seq, now, draft.username(), draft.role(), draft.action(), draft.recordType(),
                    draft.recordId(), draft.detail(), draft.remoteAddr(), prev, draft.computeHash());
            appendJdbc.sql("""
                    insert into audit_entry (seq, occurred_at, username, role, action, record_type, record_id, detail,
                        remote_addr, prev_hash, hash) values (?,?,?,?,?,?,?,?,?,?,?)""")
                    .params(entry.seq(), Timestamp.from(entry.occurredAt()), entry.username(), entry.role(),
                            entry.action(), entry.recordType(), entry.recordId(), entry.detail(),
                            entry.remoteAddr(), entry.prevHash(), entry.hash())
                    .update();
            return entry;
        });
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
