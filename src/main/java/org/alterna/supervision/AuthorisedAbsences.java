package org.alterna.supervision;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actors;
import org.alterna.orders.OrderScope;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Authorised absences of an order (a hospital visit, a hearing): alarms of the given types are not raised while
 * one is in force. Every absence is audited: suspending supervision must always be accountable.
 */
@Service
class AuthorisedAbsences {
    private final JdbcClient jdbc;
    private final OrderScope scope;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    AuthorisedAbsences(JdbcClient jdbc, OrderScope scope, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.scope = scope;
        this.events = events;
        this.clock = clock;
    }

    /** Published when an order's absences change, so live supervision picks them up. */
    record Changed(UUID orderId) {
    }

    record Absence(long id, UUID orderId, Instant from, Instant to, Set<AlarmType> types, String reason,
            String createdBy, Instant createdAt) {
    }

    record AbsenceRequest(Instant from, Instant to, List<String> types, String reason) {
    }

    @Transactional
    Absence authorise(UUID orderId, AbsenceRequest request) {
        if (!scope.canSee(Actors.current(), orderId)) {
            throw new NotFoundException("no order " + orderId);
        }
        if (request.from() == null) {
            throw new InvalidInputException("from", "required");
        }
        if (request.to() == null) {
            throw new InvalidInputException("to", "required");
        }
        if (!request.to().isAfter(request.from())) {
            throw new InvalidInputException("to", "must be after from");
        }
        if (Duration.between(request.from(), request.to()).toDays() > 30) {
            throw new InvalidInputException("to", "an authorised absence may last at most 30 days");
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw new InvalidInputException("reason", "required: say why supervision is relaxed");
        }
        Set<AlarmType> types = EnumSet.noneOf(AlarmType.class);
        List<String> names = request.types() == null ? List.of() : request.types();
        for (int i = 0; i < names.size(); i++) {
            try {
                types.add(AlarmType.valueOf(names.get(i)));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidInputException("types[" + i + "]", "unknown alarm type '" + names.get(i)
                        + "'; one of " + Arrays.toString(AlarmType.values()));
            }
        }
        if (types.isEmpty()) {
            throw new InvalidInputException("types", "name the alarm types the absence covers");
        }
        String who = Actors.current().username();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into authorised_absence (order_id, from_at, to_at, types, reason, created_by, created_at)
                values (?,?,?,?,?,?,?)""")
                .params(orderId, Timestamp.from(request.from()), Timestamp.from(request.to()), join(types),
                        request.reason(), who, Timestamp.from(now))
                .update();
        Absence created = list(orderId).stream().reduce((a, b) -> b).orElseThrow();
        events.publishEvent(new Audited("order.absence", "JudicialOrder", orderId.toString(),
                "authorised absence " + request.from() + " to " + request.to() + " for " + join(types) + ": "
                        + request.reason()));
        events.publishEvent(new Changed(orderId));
        return created;
    }

    List<Absence> visible(UUID orderId) {
        if (!scope.canSee(Actors.current(), orderId)) {
            throw new NotFoundException("no order " + orderId);
        }
        return list(orderId);
    }

    List<Absence> list(UUID orderId) {
        return jdbc.sql("select * from authorised_absence where order_id = ? order by id").param(orderId)
                .query((rs, n) -> new Absence(rs.getLong("id"), orderId, rs.getTimestamp("from_at").toInstant(),
                        rs.getTimestamp("to_at").toInstant(), split(rs.getString("types")), rs.getString("reason"),
                        rs.getString("created_by"), rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    List<Suspension> suspensions(UUID orderId) {
        return list(orderId).stream().map(a -> new Suspension(a.from(), a.to(), a.types())).toList();
    }

    private static String join(Set<AlarmType> types) {
        return types.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private static Set<AlarmType> split(String s) {
        Set<AlarmType> types = EnumSet.noneOf(AlarmType.class);
        for (String t : s.split(",")) {
            if (!t.isBlank()) {
                types.add(AlarmType.valueOf(t));
            }
        }
        return types;
    }
}
