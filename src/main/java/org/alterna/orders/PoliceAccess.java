package org.alterna.orders;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.Role;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The police's access to a case (model: Brazil's CNJ Res. 412/2021): a police account sees a person's live position
 * only while a critical alarm of the order is open in its jurisdiction, or under a judge's authorisation recorded on
 * the order for a stated period and reason. Every access is logged here with who, when, on what basis (the alarm or
 * the authorisation, by reference) and what was shown, and listed for the judge on the order page; each entry is
 * also in the audit trail.
 */
@Service
@EnableConfigurationProperties(AccessSettings.class)
public class PoliceAccess {
    private final JdbcClient jdbc;
    private final OrderScope scope;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AccessSettings settings;

    PoliceAccess(JdbcClient jdbc, OrderScope scope, ApplicationEventPublisher events, Clock clock,
            AccessSettings settings) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    /** On what a police access rests. */
    public enum Basis { ALARM, AUTHORISATION }

    /** Where the police saw it. */
    public enum Channel { REST, LIVE }

    /** What a judge sends to authorise the police of a jurisdiction (default: the order's region). */
    record AuthorisationRequest(Instant from, Instant until, String reason, String resolutionNumber,
            String jurisdiction) {
    }

    record Revocation(String reason) {
    }

    /** An authorisation as recorded; {@code inForce} now. */
    public record PoliceAuthorisation(long id, UUID orderId, String jurisdiction, Instant from, Instant until,
            String reason, String resolutionNumber, String grantedBy, Instant grantedAt, Instant revokedAt,
            String revokedBy, String revocationReason, boolean inForce) {
    }

    /** One access of a police account to the case. */
    public record AccessEntry(long id, UUID orderId, String username, Instant at, Basis basis, String reference,
            String what, Channel channel) {
    }

    // ---------------------------------------------------------------------------------------- authorisations

    @Transactional
    PoliceAuthorisation authorise(UUID orderId, AuthorisationRequest request, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE);
        OrderScope.OrderFacts order = visibleOrder(orderId, actor);
        if (order.status().isFinal()) {
            throw new ConflictException("order " + orderId + " is " + order.status() + ": nothing left to follow");
        }
        if (request == null) {
            throw new InvalidInputException("", "an authorisation (until, reason) is required");
        }
        Instant now = clock.instant();
        Instant from = request.from() == null ? now : request.from();
        if (from.isBefore(now.minus(Duration.ofMinutes(5)))) {
            throw new InvalidInputException("from", "an authorisation cannot start in the past");
        }
        if (request.until() == null) {
            throw new InvalidInputException("until", "required: when the authorisation ends");
        }
        if (!request.until().isAfter(from)) {
            throw new InvalidInputException("until", "must be after from");
        }
        if (Duration.between(from, request.until()).compareTo(settings.policeAuthorisationMaxPeriod()) > 0) {
            throw new InvalidInputException("until", "an authorisation may last at most "
                    + settings.policeAuthorisationMaxPeriod().toDays() + " days");
        }
        String reason = Validate.required(request.reason(), "reason", 1000);
        String resolution = Validate.optional(request.resolutionNumber(), "resolutionNumber", 60);
        String jurisdiction = Validate.optional(request.jurisdiction(), "jurisdiction", 80);
        if (jurisdiction == null) {
            jurisdiction = order.region();
        }
        jdbc.sql("""
                INSERT INTO police_authorisation (order_id, jurisdiction, valid_from, valid_until, reason,
                    resolution_number, granted_by, granted_at) VALUES (?,?,?,?,?,?,?,?)""")
                .params(orderId, jurisdiction, Timestamp.from(from), Timestamp.from(request.until()), reason,
                        resolution, actor.username(), Timestamp.from(now))
                .update();
        PoliceAuthorisation created = list(orderId).stream().reduce((a, b) -> b).orElseThrow();
        events.publishEvent(new Audited("order.police-authorisation", "JudicialOrder", orderId.toString(),
                "police of " + jurisdiction + " may follow the live position from " + from + " until "
                        + request.until() + (resolution == null ? "" : " by resolution " + resolution) + ": "
                        + reason));
        events.publishEvent(new PoliceAuthorisationChanged(orderId));
        return created;
    }

    @Transactional
    PoliceAuthorisation revoke(UUID orderId, long authorisationId, Revocation body, Actor actor) {
        requireRole(actor, Role.ADMIN, Role.JUDGE);
        visibleOrder(orderId, actor);
        PoliceAuthorisation a = list(orderId).stream().filter(x -> x.id() == authorisationId).findFirst()
                .orElseThrow(() -> new NotFoundException("no police authorisation " + authorisationId));
        if (!a.inForce() && (a.revokedAt() != null || !a.until().isAfter(clock.instant()))) {
            throw new ConflictException("police authorisation " + authorisationId + " is no longer in force");
        }
        String reason = body == null ? null : Validate.optional(body.reason(), "reason", 1000);
        Instant now = clock.instant();
        jdbc.sql("UPDATE police_authorisation SET revoked_at = ?, revoked_by = ?, revocation_reason = ? WHERE id = ?")
                .params(Timestamp.from(now), actor.username(), reason, authorisationId).update();
        events.publishEvent(new Audited("order.police-authorisation.revoke", "JudicialOrder", orderId.toString(),
                "authorisation " + authorisationId + " revoked" + (reason == null ? "" : ": " + reason)));
        events.publishEvent(new PoliceAuthorisationChanged(orderId));
        return list(orderId).stream().filter(x -> x.id() == authorisationId).findFirst().orElseThrow();
    }

    List<PoliceAuthorisation> authorisations(UUID orderId, Actor actor) {
        visibleOrder(orderId, actor);
        return list(orderId);
    }

    private List<PoliceAuthorisation> list(UUID orderId) {
        Instant now = clock.instant();
        return jdbc.sql("SELECT * FROM police_authorisation WHERE order_id = ? ORDER BY id").param(orderId)
                .query((rs, n) -> {
                    Instant from = rs.getTimestamp("valid_from").toInstant();
                    Instant until = rs.getTimestamp("valid_until").toInstant();
                    Timestamp revoked = rs.getTimestamp("revoked_at");
                    return new PoliceAuthorisation(rs.getLong("id"), orderId, rs.getString("jurisdiction"), from,
                            until, rs.getString("reason"), rs.getString("resolution_number"),
                            rs.getString("granted_by"), rs.getTimestamp("granted_at").toInstant(),
                            revoked == null ? null : revoked.toInstant(), rs.getString("revoked_by"),
                            rs.getString("revocation_reason"),
                            revoked == null && !from.isAfter(now) && until.isAfter(now));
                })
                .list();
    }

    // ---------------------------------------------------------------------------------------- grants

    /**
     * On what a police account may see the order's person now: an open CRITICAL alarm of the order (basis ALARM,
     * reference its id) or a judge's authorisation in force for its jurisdiction (basis AUTHORISATION, reference its
     * id, until when). Only for an order of the account's jurisdiction.
     */
    public record Grant(Basis basis, String reference, Instant until) {
    }

    /** The basis on which {@code police} may see the order's current position, or empty (answer 404). */
    public Optional<Grant> grant(Actor police, UUID orderId) {
        if (police == null || !police.is(Role.POLICE) || police.region() == null) {
            return Optional.empty();
        }
        return scope.facts(orderId).filter(f -> police.region().equals(f.region())).flatMap(f -> {
            if (f.openCriticalAlarm() != null) {
                return Optional.of(new Grant(Basis.ALARM, f.openCriticalAlarm().toString(), null));
            }
            return f.authorisationFor(police.region())
                    .map(a -> new Grant(Basis.AUTHORISATION, Long.toString(a.id()), a.until()));
        });
    }

    // ---------------------------------------------------------------------------------------- access log

    /**
     * Logs that {@code police} was shown {@code what} of the order on {@code basis} (reference: the alarm's or the
     * authorisation's id), in the log the judge reads and in the audit trail. Called by the capability that shows it,
     * with or without a request.
     */
    public void record(Actor police, UUID orderId, Basis basis, String reference, String what, Channel channel) {
        Instant now = clock.instant();
        String w = what == null ? "" : what.length() > 300 ? what.substring(0, 300) : what;
        jdbc.sql("""
                INSERT INTO police_access (order_id, username, occurred_at, basis, reference, what, channel)
                VALUES (?,?,?,?,?,?,?)""")
                .params(orderId, police.username(), Timestamp.from(now), basis.name(), reference, w, channel.name())
                .update();
        Actors.runAs(police, () -> events.publishEvent(new Audited("police.access", "JudicialOrder",
                orderId.toString(), channel + " " + basis + " " + reference + ": " + w)));
    }

    /** The police accesses to the order, newest first (judge of the court, supervisor, admin, auditor). */
    List<AccessEntry> accessLog(UUID orderId, Actor actor) {
        visibleOrder(orderId, actor);
        return jdbc.sql("SELECT * FROM police_access WHERE order_id = ? ORDER BY occurred_at DESC, id DESC"
                        + " FETCH FIRST 1000 ROWS ONLY").param(orderId)
                .query((rs, n) -> new AccessEntry(rs.getLong("id"), orderId, rs.getString("username"),
                        rs.getTimestamp("occurred_at").toInstant(), Basis.valueOf(rs.getString("basis")),
                        rs.getString("reference"), rs.getString("what"), Channel.valueOf(rs.getString("channel"))))
                .list();
    }

    private OrderScope.OrderFacts visibleOrder(UUID orderId, Actor actor) {
        if (!scope.canSee(actor, orderId) || actor.is(Role.POLICE)) {
            throw new NotFoundException("no order " + orderId);
        }
        return scope.facts(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
    }

    private static void requireRole(Actor actor, Role... roles) {
        if (actor == null || !(actor.is(roles) || actor.is(Role.SYSTEM))) {
            throw new AccessDeniedException("not allowed");
        }
    }
}
