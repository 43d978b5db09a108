package org.alterna.orders;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.LocalTime;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Courts, judges and people: validation, scope and audit around {@link ReferenceRepository}. */
@Service
class ReferenceService {
    private final ReferenceRepository repository;
    private final OrderScope scope;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LocalTime localTime;

    ReferenceService(ReferenceRepository repository, OrderScope scope, JdbcClient jdbc,
            ApplicationEventPublisher events, Clock clock, LocalTime localTime) {
        this.repository = repository;
        this.scope = scope;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.localTime = localTime;
    }

    // ---- courts ----

    List<Court> courts() {
        return repository.courts();
    }

    Court court(String code) {
        return repository.court(code).orElseThrow(() -> new NotFoundException("no court " + code));
    }

    @Transactional
    Court createCourt(Court input) {
        Court c = validCourt(input);
        if (repository.court(c.code()).isPresent()) {
            throw new ConflictException("court " + c.code() + " already exists");
        }
        repository.insertCourt(c, clock.instant());
        events.publishEvent(new Audited("court.create", "Court", c.code(), c.name()));
        return c;
    }

    @Transactional
    Court updateCourt(String code, Court input) {
        court(code);
        Court c = validCourt(new Court(code, input.name(), input.judicialDistrict(), input.region()));
        repository.updateCourt(c);
        events.publishEvent(new Audited("court.update", "Court", c.code(), c.name()));
        return c;
    }

    @Transactional
    void deleteCourt(String code) {
        court(code);
        if (repository.courtInUse(code)) {
            throw new ConflictException("court " + code + " has judges or orders; it cannot be deleted");
        }
        repository.deleteCourt(code);
        events.publishEvent(new Audited("court.delete", "Court", code, null));
    }

    private static Court validCourt(Court c) {
        if (c == null) {
            throw new InvalidInputException("", "a court is required");
        }
        String code = Validate.required(c.code(), "code", 40).toUpperCase();
        if (!code.matches("[A-Z0-9][A-Z0-9._-]*")) {
            throw new InvalidInputException("code", "use letters, digits, '.', '_' and '-' (e.g. JIP-LIMA-01)");
        }
        return new Court(code, Validate.required(c.name(), "name", 200),
                Validate.required(c.judicialDistrict(), "judicialDistrict", 120), Validate.required(c.region(), "region", 80));
    }

    // ---- judges ----

    List<Judge> judges(String courtCode) {
        return repository.judges(courtCode == null || courtCode.isBlank() ? null : courtCode.trim().toUpperCase());
    }

    Judge judge(long id) {
        return repository.judge(id).orElseThrow(() -> new NotFoundException("no judge " + id));
    }

    @Transactional
    Judge createJudge(Judge input) {
        Judge j = validJudge(input, null);
        long id = repository.insertJudge(j, clock.instant());
        events.publishEvent(new Audited("judge.create", "Judge", String.valueOf(id), j.fullName() + " (" + j.courtCode() + ")"));
        return judge(id);
    }

    @Transactional
    Judge updateJudge(long id, Judge input) {
        judge(id);
        Judge j = validJudge(input, id);
        repository.updateJudge(j);
        events.publishEvent(new Audited("judge.update", "Judge", String.valueOf(id), j.fullName() + " (" + j.courtCode() + ")"));
        return judge(id);
    }

    @Transactional
    void deleteJudge(long id) {
        judge(id);
        if (repository.judgeInUse(id)) {
            throw new ConflictException("judge " + id + " signed orders; deactivate the judge instead of deleting");
        }
        repository.deleteJudge(id);
        events.publishEvent(new Audited("judge.delete", "Judge", String.valueOf(id), null));
    }

    private Judge validJudge(Judge j, Long id) {
        if (j == null) {
            throw new InvalidInputException("", "a judge is required");
        }
        String name = Validate.required(j.fullName(), "fullName", 200);
        String courtCode = Validate.required(j.courtCode(), "courtCode", 40).toUpperCase();
        if (repository.court(courtCode).isEmpty()) {
            throw new InvalidInputException("courtCode", "unknown court " + courtCode);
        }
        return new Judge(id, name, courtCode, Validate.optional(j.username(), "username", 64), j.active());
    }

    // ---- people ----

    /** A person the actor may see (see {@link OrderScope#onPeople}); anyone else is not found (404). */
    Person person(UUID id, Actor actor) {
        Person p = repository.person(id).orElseThrow(() -> new NotFoundException("no person " + id));
        if (!scope.canSeePerson(actor, id)) {
            throw new NotFoundException("no person " + id);
        }
        events.publishEvent(new Audited("person.read", "Person", id.toString(), null));
        return p;
    }

    /**
     * Exact DNI look-up (to avoid registering someone twice), within the caller's scope: a person registered by
     * another region's supervisor and on none of the caller's orders is not found, exactly as an unknown DNI.
     */
    Person personByDni(String dni, Actor actor) {
        String d = Validate.dni(dni, "dni", true);
        OrderScope.SqlPredicate on = scope.onPeople(actor, "p");
        UUID id = on.bind(jdbc.sql("SELECT p.id FROM person p WHERE p.dni = :dni AND " + on.sql()).param("dni", d))
                .query((rs, n) -> rs.getObject(1, UUID.class)).optional()
                .orElseThrow(() -> new NotFoundException("no person with DNI " + d));
        Person p = repository.person(id).orElseThrow(() -> new NotFoundException("no person with DNI " + d));
        events.publishEvent(new Audited("person.read", "Person", p.id().toString(), "look-up by DNI"));
        return p;
    }

    List<Person> people(int page, int size) {
        return repository.people(size, (long) page * size);
    }

    long countPeople() {
        return repository.countPeople();
    }

    @Transactional
    Person createPerson(Person input, Actor actor) {
        Instant now = clock.instant();
        Person p = validPerson(input, UUID.randomUUID(), now, now);
        repository.personByDni(p.dni()).ifPresent(existing -> {
            // the DNI is unique nationwide; who holds it is told only to those who may see that person
            throw new ConflictException("a person with DNI " + p.dni() + " is already registered"
                    + (scope.canSeePerson(actor, existing.id()) ? " (" + existing.id() + ")" : ""));
        });
        repository.insertPerson(p, actor.username());
        events.publishEvent(new Audited("person.create", "Person", p.id().toString(), p.synthetic() ? "synthetic" : null));
        return p;
    }

    @Transactional
    Person updatePerson(UUID id, Person input, Actor actor) {
        Person old = repository.person(id).orElseThrow(() -> new NotFoundException("no person " + id));
        if (!scope.canSeePerson(actor, id)) {
            throw new NotFoundException("no person " + id);
        }
        Person p = validPerson(input, id, old.createdAt(), clock.instant());
        repository.personByDni(p.dni()).filter(other -> !other.id().equals(id)).ifPresent(other -> {
            throw new ConflictException("another person is registered with DNI " + p.dni());
        });
        repository.updatePerson(p);
        events.publishEvent(new Audited("person.update", "Person", id.toString(), null));
        return p;
    }

    private Person validPerson(Person p, UUID id, Instant created, Instant updated) {
        if (p == null) {
            throw new InvalidInputException("", "a person is required");
        }
        String dni = Validate.dni(p.dni(), "dni", true);
        String given = Validate.required(p.givenNames(), "givenNames", 120);
        String surnames = Validate.required(p.surnames(), "surnames", 120);
        LocalDate today = LocalDate.now(clock.withZone(localTime.zone()));
        Validate.notFuture(p.birthDate(), today, "birthDate");
        if (p.birthDate() != null && p.birthDate().isBefore(today.minusYears(120))) {
            throw new InvalidInputException("birthDate", "is not plausible");
        }
        String sex = Validate.optional(p.sex(), "sex", 1);
        if (sex != null && !sex.equals("F") && !sex.equals("M")) {
            throw new InvalidInputException("sex", "must be F or M");
        }
        Person.Domicile d = p.domicile();
        if (d != null) {
            Validate.latLon(d.lat(), d.lon(), "domicile");
            d = new Person.Domicile(Validate.optional(d.address(), "domicile.address", 300), d.lat(), d.lon());
        }
        return new Person(id, dni, given, surnames, p.birthDate(), sex, Validate.optional(p.phone(), "phone", 40),
                Validate.optional(p.contact(), "contact", 300), d, p.synthetic(), created, updated);
    }
}
