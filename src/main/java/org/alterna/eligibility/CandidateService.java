package org.alterna.eligibility;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Role;
import org.alterna.orders.EmRequests;
import org.alterna.orders.MeasureType;
import org.alterna.orders.PenalCentre;
import org.alterna.orders.PenalCentres;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Candidate lists, one candidate, re-evaluation changes and EM requests, always within the actor's scope: an entry
 * outside it is not found (404), exactly like a missing one.
 */
@Service
class CandidateService {
    static final int MAX_PAGE = 200;

    private final RegisterRepository register;
    private final RuleSetStore store;
    private final RuleSets ruleSets;
    private final PenalCentres centres;
    private final EmRequests emRequests;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CandidateService(RegisterRepository register, RuleSetStore store, RuleSets ruleSets, PenalCentres centres,
            EmRequests emRequests, ApplicationEventPublisher events, Clock clock) {
        this.register = register;
        this.store = store;
        this.ruleSets = ruleSets;
        this.centres = centres;
        this.emRequests = emRequests;
        this.events = events;
        this.clock = clock;
    }

    /** A reason as shown: the rule, its legal basis and text in the caller's language. */
    record ReasonView(String ruleId, String effect, String arg, String basis, String text) {
    }

    record CentreRef(Long id, String code, String name) {
    }

    record Facts(boolean pregnant, boolean childUnder3, boolean seriousIllness, boolean permanentDisability) {
    }

    record CandidateView(long rank, String internalId, String dni, String givenNames, String surnames,
            LocalDate birthDate, int age, String sex, CentreRef penalCentre, String region, String courtCode,
            String expediente, String legalStatus, String sentenceStage, Integer penaltyMonths, int servedDays,
            Double servedShare, List<String> offences, int priorConvictions, Boolean recidivist, Facts facts,
            boolean synthetic, String status, int priority, boolean communityService, List<ReasonView> reasons,
            Instant evaluatedAt, UUID orderId) {
    }

    record RuleSetRef(int version, String code, String title, LocalDate inForceFrom) {
    }

    record Page(RuleSetRef ruleSet, Map<Status, Long> counts, long total, int page, int size,
            List<CandidateView> items) {
    }

    Map<Long, PenalCentre> centreIndex() {
        return centres.all().stream().collect(Collectors.toMap(PenalCentre::id, Function.identity()));
    }

    RuleSetRef activeRef() {
        return store.active().map(a -> new RuleSetRef(a.version(), a.code(), a.title(), a.inForceFrom()))
                .orElse(null);
    }

    Page list(Actor actor, RegisterRepository.Filter filter, int page, int size, Locale locale) {
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_PAGE);
        }
        CandidateScope scope = CandidateScope.of(actor, "r");
        Map<Status, Long> counts = register.countByStatus(scope, filter);
        long total = filter.status() == null ? counts.values().stream().mapToLong(Long::longValue).sum()
                : counts.get(filter.status());
        Renderer renderer = renderer(locale);
        List<CandidateView> items = register.list(scope, filter, size, (long) page * size).stream()
                .map(renderer::view).toList();
        return new Page(activeRef(), counts, total, page, size, items);
    }

    CandidateView one(String internalId, Actor actor, Locale locale) {
        RegisterRepository.Row row = register.find(internalId, CandidateScope.of(actor, "r"))
                .orElseThrow(() -> new NotFoundException("no candidate " + internalId));
        events.publishEvent(new Audited("eligibility.candidate.read", "RegisterPerson", internalId, null));
        return renderer(locale).view(row);
    }

    /** Streams the candidates of a list (exports), in list order, at most {@code limit}. */
    void forEach(Actor actor, RegisterRepository.Filter filter, int limit, Locale locale, Consumer<CandidateView> sink) {
        Renderer renderer = renderer(locale);
        register.forEachInList(CandidateScope.of(actor, "r"), filter, limit, row -> sink.accept(renderer.view(row)));
    }

    long count(Actor actor, RegisterRepository.Filter filter) {
        Map<Status, Long> counts = register.countByStatus(CandidateScope.of(actor, "r"), filter);
        return filter.status() == null ? counts.values().stream().mapToLong(Long::longValue).sum()
                : counts.get(filter.status());
    }

    /** A candidate turned into an EM request: an order in REQUESTED, through the orders capability. */
    record EmRequestResult(String internalId, UUID orderId, String orderStatus, UUID personId, boolean newPerson) {
    }

    @Transactional
    EmRequestResult requestEm(String internalId, Actor actor) {
        RegisterRepository.Row row = register.find(internalId, CandidateScope.of(actor, "r"))
                .orElseThrow(() -> new NotFoundException("no candidate " + internalId));
        RegisterRepository.Stored s = row.stored();
        if (s.status() == Status.NOT_ELIGIBLE) {
            throw new ConflictException("candidate " + internalId + " is not eligible under the active rule set ("
                    + ruleSets.active().evaluate(s.entry(), ruleSets.today()).encodedReasons() + ")");
        }
        register.requestOf(internalId).ifPresent(o -> {
            throw new ConflictException("candidate " + internalId + " already has an EM request: order " + o);
        });
        RegisterEntry e = s.entry();
        if (e.courtCode() == null) {
            throw new InvalidInputException("courtCode", "the register gives no court for " + internalId
                    + ": an EM request is made to the court of the case");
        }
        if (e.expediente() == null) {
            throw new InvalidInputException("expediente", "the register gives no expediente for " + internalId);
        }
        MeasureType measure = e.legalStatus() == LegalStatus.PROCESADO ? MeasureType.PRETRIAL_RESTRICTION
                : MeasureType.SENTENCE_CONVERSION;
        EmRequests.Created created = emRequests.request(new EmRequests.Request(e.dni(), e.givenNames(), e.surnames(),
                e.birthDate(), e.sex(), e.synthetic(), e.expediente(), e.courtCode(), measure, e.penalCentreId(),
                e.region()), actor);
        Instant now = clock.instant();
        register.insertRequest(internalId, created.order().id(), actor.username(), now);
        events.publishEvent(new Audited("eligibility.em-request", "RegisterPerson", internalId,
                "order " + created.order().id() + " " + measure + " court " + e.courtCode() + ", " + s.status()
                        + " under rule set " + (activeRef() == null ? "?" : activeRef().code())));
        return new EmRequestResult(internalId, created.order().id(), created.order().status().name(),
                created.personId(), created.newPerson());
    }

    // ------------------------------------------------------------------------------------------ re-evaluations

    record RunView(long id, Integer fromVersion, int toVersion, String fromCode, String toCode, String cause,
            int evaluated, long changed, Instant startedAt, long durationMs, String byUsername) {
    }

    record ChangeView(String internalId, String surnames, String givenNames, CentreRef penalCentre, String courtCode,
            String oldStatus, String newStatus, boolean oldCommunityService, boolean newCommunityService,
            int oldPriority, int newPriority, List<ReasonView> oldReasons, List<ReasonView> newReasons) {
    }

    record ChangePage(RunView run, long total, int page, int size, List<ChangeView> items) {
    }

    List<RunView> runs(Actor actor) {
        List<RunView> out = new ArrayList<>();
        for (RuleSetStore.Run r : store.runs(50)) {
            out.add(runView(r, actor));
        }
        return out;
    }

    private RunView runView(RuleSetStore.Run r, Actor actor) {
        long changed = actor.is(Role.ADMIN) ? r.changed() : store.countChanges(r.id(), CandidateScope.of(actor, "ch"));
        return new RunView(r.id(), r.fromVersion(), r.toVersion(),
                r.fromVersion() == null ? null : ruleSets.stored(r.fromVersion()).code(),
                ruleSets.stored(r.toVersion()).code(), r.cause(), r.evaluated(), changed, r.startedAt(), r.durationMs(),
                r.byUsername());
    }

    ChangePage changes(long runId, Actor actor, int page, int size, Locale locale) {
        if (page < 0 || size < 1 || size > MAX_PAGE) {
            throw new InvalidInputException(page < 0 ? "page" : "size", "page ≥ 0, size between 1 and " + MAX_PAGE);
        }
        RuleSetStore.Run run = store.run(runId).orElseThrow(() -> new NotFoundException("no re-evaluation " + runId));
        CandidateScope scope = CandidateScope.of(actor, "ch");
        Renderer after = renderer(run.toVersion(), locale);
        Renderer before = run.fromVersion() == null ? after : renderer(run.fromVersion(), locale);
        Map<String, RegisterRepository.Row> people = new HashMap<>();
        List<RuleSetStore.Change> changes = store.changes(runId, scope, size, (long) page * size);
        for (RuleSetStore.Change c : changes) {
            register.find(c.internalId(), CandidateScope.of(Actor.SYSTEM, "r")).ifPresent(r -> people.put(c.internalId(), r));
        }
        Map<Long, PenalCentre> index = centreIndex();
        List<ChangeView> items = new ArrayList<>();
        for (RuleSetStore.Change c : changes) {
            RegisterRepository.Row p = people.get(c.internalId());
            PenalCentre centre = index.get(c.penalCentreId());
            items.add(new ChangeView(c.internalId(), p == null ? null : p.stored().entry().surnames(),
                    p == null ? null : p.stored().entry().givenNames(),
                    centre == null ? new CentreRef(c.penalCentreId(), null, null)
                            : new CentreRef(centre.id(), centre.code(), centre.name()),
                    c.courtCode(), c.oldStatus().name(), c.newStatus().name(), c.oldCommunityService(),
                    c.newCommunityService(), c.oldPriority(), c.newPriority(), before.reasons(c.oldReasons()),
                    after.reasons(c.newReasons())));
        }
        return new ChangePage(runView(run, actor), store.countChanges(runId, scope), page, size, items);
    }

    // ------------------------------------------------------------------------------------------ rendering

    Renderer renderer(Locale locale) {
        RuleSetRef active = activeRef();
        if (active == null) {
            throw new ConflictException("no eligibility rule set is active");
        }
        return renderer(active.version(), locale);
    }

    Renderer renderer(int version, Locale locale) {
        return new Renderer(ruleSets.evaluator(version), centreIndex(), locale, ruleSets.today());
    }

    /**
     * Turns stored rows into views: the reasons are those of the rule set evaluated again for the row (the stored
     * outcome is the same evaluation), with rule texts in one language; centre names.
     */
    static final class Renderer {
        final Evaluator evaluator;
        final RuleSet ruleSet;
        final Map<Long, PenalCentre> centres;
        final Locale locale;
        final LocalDate today;

        Renderer(Evaluator evaluator, Map<Long, PenalCentre> centres, Locale locale, LocalDate today) {
            this.evaluator = evaluator;
            this.ruleSet = evaluator.ruleSet();
            this.centres = centres;
            this.locale = locale;
            this.today = today;
        }

        List<ReasonView> reasons(List<Reason> reasons) {
            List<ReasonView> out = new ArrayList<>();
            for (Reason r : reasons) {
                RuleSet.Rule rule = ruleSet.rule(r.ruleId());
                out.add(new ReasonView(r.ruleId(), r.effect().name(), r.arg(), rule == null ? null : rule.basis(),
                        rule == null ? null : rule.text().in(locale)));
            }
            return out;
        }

        List<ReasonView> reasons(String encoded) {
            return reasons(Reason.decode(encoded));
        }

        CandidateView view(RegisterRepository.Row row) {
            RegisterRepository.Stored s = row.stored();
            RegisterEntry e = s.entry();
            PenalCentre c = centres.get(e.penalCentreId());
            Double share = e.penaltyMonths() == null || e.penaltyMonths() == 0 ? null
                    : Math.round(e.servedDays() * 1000.0 / (e.penaltyMonths() * 30.4375)) / 1000.0;
            return new CandidateView(row.rank(), e.internalId(), e.dni(), e.givenNames(), e.surnames(), e.birthDate(),
                    Period.between(e.birthDate(), today).getYears(), e.sex(),
                    c == null ? new CentreRef(e.penalCentreId(), null, null) : new CentreRef(c.id(), c.code(), c.name()),
                    e.region(), e.courtCode(), e.expediente(), e.legalStatus().name(),
                    e.stage() == null ? null : e.stage().name(), e.penaltyMonths(), e.servedDays(), share, e.offences(),
                    e.priorConvictions(), e.recidivist(), new Facts(e.pregnant(), e.childUnder3(), e.seriousIllness(),
                            e.permanentDisability()), e.synthetic(), s.status().name(), s.priority(),
                    s.communityService(), reasons(evaluator.evaluate(e, today).reasons()), row.evaluatedAt(),
                    row.orderId());
        }
    }
}
