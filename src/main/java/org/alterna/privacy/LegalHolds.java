package org.alterna.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.orders.OrderScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Legal holds on a case: while one is in force the retention job deletes nothing of the case (an appeal, a review, an
 * investigation of the monitoring itself). Placed and lifted with a reason by ADMIN, the SUPERVISOR of the case's
 * region or the JUDGE of its court; every change is audited. An order out of the caller's scope answers as missing.
 */
@Service
public class LegalHolds {
    static final int MAX_REASON = 1000;

    private final JdbcClient jdbc;
    private final OrderScope scope;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RetentionSettings settings;

    LegalHolds(JdbcClient jdbc, OrderScope scope, Clock clock, ApplicationEventPublisher events,
            RetentionSettings settings) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
    }

    /** One hold, placed and perhaps lifted. */
    public record Hold(long id, String reason, String placedBy, String placedRole, Instant placedAt, String liftedBy,
            String liftedRole, Instant liftedAt, String liftReason) {
    }

    /**
     * The case's hold state: whether a hold is in force, every hold placed, when the measure ended and from when
     * the retention job would delete the case (both null while the measure runs).
     */
    public record Status(UUID orderId, boolean held, Hold current, List<Hold> history, Instant measureEndedAt,
            Instant deletableFrom) {
    }

    /** What the caller sends: the reason, required (e.g. the resolution or file that orders the hold). */
    public record Reason(String reason) {
    }

    private static final Role[] MAY_HOLD = {Role.ADMIN, Role.SUPERVISOR, Role.JUDGE};

    @Transactional(readOnly = true)
    public Status status(UUID orderId, Actor actor) {
        visible(orderId, actor);
        return read(orderId);
    }

    @Transactional
    public Status place(UUID orderId, Reason body, Actor actor) {
        String reason = reason(body);
        lock(orderId, actor);
        if (read(orderId).held()) {
            throw new ConflictException("a legal hold on order " + orderId + " is already in force");
        }
        jdbc.sql("INSERT INTO legal_hold (order_id, reason, placed_by, placed_role, placed_at) VALUES (?,?,?,?,?)")
                .params(orderId, reason, actor.username(), actor.role().name(), utc(clock.instant())).update();
        events.publishEvent(new Audited("legal-hold.place", "JudicialOrder", orderId.toString(), reason));
        return read(orderId);
    }

    @Transactional
    public Status lift(UUID orderId, Reason body, Actor actor) {
        String reason = reason(body);
        lock(orderId, actor);
        Status s = read(orderId);
        if (!s.held()) {
            throw new ConflictException("no legal hold on order " + orderId + " is in force");
        }
        jdbc.sql("UPDATE legal_hold SET lifted_by = ?, lifted_role = ?, lifted_at = ?, lift_reason = ?"
                + " WHERE id = ? AND lifted_at IS NULL")
                .params(actor.username(), actor.role().name(), utc(clock.instant()), reason, s.current().id()).update();
        events.publishEvent(new Audited("legal-hold.lift", "JudicialOrder", orderId.toString(), reason));
        return read(orderId);
    }

    private void visible(UUID orderId, Actor actor) {
        if (actor == null || !actor.is(MAY_HOLD) || !scope.canSee(actor, orderId)) {
            throw new NotFoundException("no order " + orderId);
        }
    }

    /** Locks the order row, so that a hold and the retention job's deletion of the case never interleave. */
    private void lock(UUID orderId, Actor actor) {
        visible(orderId, actor);
        jdbc.sql("SELECT id FROM judicial_order WHERE id = ? FOR UPDATE").param(orderId).query(UUID.class).optional()
                .orElseThrow(() -> new NotFoundException("no order " + orderId));
    }

    private static String reason(Reason body) {
        String r = body == null || body.reason() == null ? "" : body.reason().trim();
        if (r.length() < 3 || r.length() > MAX_REASON) {
            throw new InvalidInputException("reason", "state why, in 3 to " + MAX_REASON + " characters");
        }
        return r;
    }

    private Status read(UUID orderId) {
        List<Hold> history = jdbc.sql("SELECT * FROM legal_hold WHERE order_id = ? ORDER BY placed_at DESC, id DESC")
                .param(orderId).query(LegalHolds::map).list();
        Hold current = history.stream().filter(h -> h.liftedAt() == null).findFirst().orElse(null);
        Instant ended = jdbc.sql("SELECT " + RetentionSql.endedAt("o") + " FROM judicial_order o WHERE o.id = ?"
                + " AND o.status IN ('COMPLETED', 'REVOKED')").param(orderId)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).optional().orElse(null);
        return new Status(orderId, current != null, current, history, ended,
                ended == null ? null : ended.plus(settings.afterMeasureEnd()));
    }

    private static Hold map(ResultSet rs, int n) throws SQLException {
        OffsetDateTime lifted = rs.getObject("lifted_at", OffsetDateTime.class);
        return new Hold(rs.getLong("id"), rs.getString("reason"), rs.getString("placed_by"),
                rs.getString("placed_role"), rs.getObject("placed_at", OffsetDateTime.class).toInstant(),
                rs.getString("lifted_by"), rs.getString("lifted_role"), lifted == null ? null : lifted.toInstant(),
                rs.getString("lift_reason"));
    }

    static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
