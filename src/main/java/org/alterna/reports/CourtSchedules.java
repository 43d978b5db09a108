package org.alterna.reports;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How often each court receives periodic compliance reports ({@code court_report_schedule}): monthly by default (the
 * practice of courts supervising EM; Portugal's DGRSP reports quarterly), configurable per court by its judge or the
 * administrator, with the language and extra e-mail addresses.
 */
@Service
class CourtSchedules {
    enum Frequency { WEEKLY, MONTHLY, QUARTERLY, NONE }

    private final JdbcClient jdbc;
    private final ReportSettings settings;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    CourtSchedules(JdbcClient jdbc, ReportSettings settings, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
    }

    /** A court's schedule; {@code configured} false when it is the installation's default. */
    record Schedule(String courtCode, Frequency frequency, String language, List<String> addresses,
            boolean configured) {
    }

    record ScheduleRequest(String frequency, String language, List<String> addresses) {
    }

    /** A finished period: [from, to) in local days. */
    record Period(LocalDate from, LocalDate to) {
    }

    List<String> courts() {
        return jdbc.sql("SELECT code FROM court ORDER BY code").query(String.class).list();
    }

    /** The schedule of a court the actor may see (a judge: their own court only). */
    Schedule get(String court, Actor actor) {
        check(court, actor);
        return schedule(court);
    }

    Schedule schedule(String court) {
        return jdbc.sql("SELECT frequency, language, addresses FROM court_report_schedule WHERE court_code = ?")
                .param(court).query((rs, n) -> new Schedule(court, Frequency.valueOf(rs.getString(1)),
                        rs.getString(2), split(rs.getString(3)), true)).optional()
                .orElseGet(() -> new Schedule(court, Frequency.valueOf(settings.defaultFrequency()), "es", List.of(),
                        false));
    }

    @Transactional
    Schedule put(String court, ScheduleRequest r, Actor actor) {
        check(court, actor);
        if (r == null || r.frequency() == null) {
            throw new InvalidInputException("frequency", "one of WEEKLY, MONTHLY, QUARTERLY, NONE");
        }
        Frequency f;
        try {
            f = Frequency.valueOf(r.frequency().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("frequency", "one of WEEKLY, MONTHLY, QUARTERLY, NONE");
        }
        String lang = r.language() == null ? "es" : r.language().trim().toLowerCase(Locale.ROOT);
        if (!lang.equals("es") && !lang.equals("en")) {
            throw new InvalidInputException("language", "es or en");
        }
        List<String> addresses = new ArrayList<>();
        List<String> given = r.addresses() == null ? List.of() : r.addresses();
        for (int i = 0; i < given.size(); i++) {
            String a = given.get(i) == null ? "" : given.get(i).trim();
            if (!a.matches("[^@\\s,]+@[^@\\s,]+\\.[^@\\s,]+")) {
                throw new InvalidInputException("addresses[" + i + "]", "not an e-mail address");
            }
            addresses.add(a);
        }
        String joined = String.join(",", addresses);
        if (joined.length() > 2000) {
            throw new InvalidInputException("addresses", "at most 2000 characters in all");
        }
        jdbc.sql("DELETE FROM court_report_schedule WHERE court_code = ?").param(court).update();
        jdbc.sql("INSERT INTO court_report_schedule (court_code, frequency, language, addresses, updated_at, updated_by)"
                + " VALUES (?,?,?,?,?,?)").params(court, f.name(), lang, joined.isEmpty() ? null : joined,
                CaseRecords.ts(clock.instant()), actor.username()).update();
        events.publishEvent(new Audited("court.report-schedule", "Court", court, f + " " + lang + " "
                + addresses.size() + " extra address(es)"));
        return schedule(court);
    }

    private void check(String court, Actor actor) {
        boolean exists = jdbc.sql("SELECT COUNT(*) FROM court WHERE code = ?").param(court).query(Long.class).single() > 0;
        boolean inScope = !actor.is(Role.JUDGE) || court.equals(actor.courtCode());
        if (!exists || !inScope) {
            throw new NotFoundException("no court " + court);
        }
    }

    /** The last period of this frequency that ended on or before {@code today} (local days), or empty for NONE. */
    static Optional<Period> lastFinished(Frequency f, LocalDate today) {
        return switch (f) {
            case NONE -> Optional.empty();
            case WEEKLY -> {
                LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield Optional.of(new Period(monday.minusWeeks(1), monday));
            }
            case MONTHLY -> {
                LocalDate first = today.withDayOfMonth(1);
                yield Optional.of(new Period(first.minusMonths(1), first));
            }
            case QUARTERLY -> {
                LocalDate first = today.withDayOfMonth(1).withMonth(((today.getMonthValue() - 1) / 3) * 3 + 1);
                yield Optional.of(new Period(first.minusMonths(3), first));
            }
        };
    }

    static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim)
                .filter(x -> !x.isEmpty()).toList();
    }

    ZoneId zone(ZoneId z) {
        return z;
    }
}
