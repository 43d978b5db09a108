package org.alterna.eligibility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.LocalTime;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rule sets and the re-evaluation of the register. On start the rule sets shipped in
 * {@code eligibility/rule-sets/*.json} are stored (each once, by code, in file-name order) and, if none is active
 * yet, the newest is activated. Loading a new rule set (a new decree) activates it by default: everyone is
 * evaluated again, in one transaction — only the rows whose outcome changes are rewritten — and whoever changed
 * status, community-service condition or priority is listed with the reasons before and after. A daily pass
 * re-evaluates under the same rule set, since ages move (a person turning 66 joins a priority group).
 *
 * <p>Imports and re-evaluations of the register never run at the same time ({@link #lock()}).
 */
@Component
@Order(1)
class RuleSets implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(RuleSets.class);
    static final String BUNDLED = "classpath:eligibility/rule-sets/*.json";

    private final RuleSetStore store;
    private final RegisterRepository register;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final LocalTime localTime;
    private final Map<Integer, Evaluator> evaluators = new ConcurrentHashMap<>();
    private final ReentrantLock registerLock = new ReentrantLock();

    private final boolean loadBundled;

    RuleSets(RuleSetStore store, RegisterRepository register, TransactionTemplate tx, JsonMapper json,
            ApplicationEventPublisher events, Clock clock, LocalTime localTime, EligibilitySettings settings) {
        this.loadBundled = settings.loadBundledRuleSets();
        this.store = store;
        this.register = register;
        this.tx = tx;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.localTime = localTime;
    }

    /** Held while the register is written (an import or a re-evaluation). */
    ReentrantLock lock() {
        return registerLock;
    }

    /** Takes the register lock or answers 409 after a short wait (another import or re-evaluation runs). */
    void lockOrConflict() {
        try {
            if (!registerLock.tryLock(30, TimeUnit.SECONDS)) {
                throw new ConflictException("the register is being imported or re-evaluated; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConflictException("interrupted while waiting for the register");
        }
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(localTime.zone()));
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!loadBundled) {
            return;
        }
        loadBundled();
    }

    /** Stores the bundled rule sets not stored yet; activates the newest when none is active. */
    void loadBundled() {
        Resource[] resources;
        try {
            resources = new PathMatchingResourcePatternResolver().getResources(BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
        Actors.runAs(Actor.SYSTEM, () -> tx.executeWithoutResult(s -> {
            for (Resource r : resources) {
                String document;
                try {
                    document = r.getContentAsString(StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                RuleSet parsed = RuleSetParser.parse(json.readTree(document), 0);
                if (store.byCode(parsed.code()).isEmpty()) {
                    int version = store.nextVersion();
                    store.insert(RuleSetParser.parse(json.readTree(document), version), document, sha256(document),
                            Actor.SYSTEM.username(), clock.instant());
                    events.publishEvent(new Audited("eligibility.rule-set.load", "EligibilityRuleSet",
                            String.valueOf(version), parsed.code() + " (bundled)"));
                    log.info("Eligibility: rule set {} stored as version {}", parsed.code(), version);
                }
            }
        }));
        if (store.active().isEmpty()) {
            List<RuleSetStore.StoredRuleSet> all = store.all();
            if (!all.isEmpty()) {
                activate(all.get(all.size() - 1).version(), Actor.SYSTEM, "ACTIVATION");
            }
        }
    }

    /** The parsed rule set of a stored version. */
    RuleSet ruleSet(int version) {
        return evaluator(version).ruleSet();
    }

    Evaluator evaluator(int version) {
        return evaluators.computeIfAbsent(version, v -> {
            RuleSetStore.StoredRuleSet stored = store.byVersion(v)
                    .orElseThrow(() -> new NotFoundException("no rule set version " + v));
            return new Evaluator(RuleSetParser.parse(json.readTree(stored.document()), v));
        });
    }

    /** The evaluator of the active rule set. */
    Evaluator active() {
        RuleSetStore.StoredRuleSet a = store.active()
                .orElseThrow(() -> new ConflictException("no eligibility rule set is active"));
        return evaluator(a.version());
    }

    List<RuleSetStore.StoredRuleSet> all() {
        return store.all();
    }

    RuleSetStore.StoredRuleSet stored(int version) {
        return store.byVersion(version).orElseThrow(() -> new NotFoundException("no rule set version " + version));
    }

    /** Checks and stores a new rule set; when {@code activate}, the register is re-evaluated under it. */
    Upload upload(String document, boolean activate, Actor actor) {
        JsonNode tree;
        try {
            tree = json.readTree(document == null ? "" : document);
        } catch (JacksonException e) {
            throw new InvalidInputException("", "not JSON: " + e.getOriginalMessage());
        }
        RuleSet parsed = RuleSetParser.parse(tree, 0);
        if (store.byCode(parsed.code()).isPresent()) {
            throw new ConflictException("a rule set with code " + parsed.code() + " is already stored");
        }
        int version = tx.execute(s -> {
            int v = store.nextVersion();
            store.insert(RuleSetParser.parse(tree, v), document, sha256(document), actor.username(), clock.instant());
            events.publishEvent(new Audited("eligibility.rule-set.load", "EligibilityRuleSet", String.valueOf(v),
                    parsed.code()));
            return v;
        });
        RuleSetStore.Run run = activate ? activate(version, actor, "ACTIVATION") : null;
        return new Upload(stored(version), run);
    }

    record Upload(RuleSetStore.StoredRuleSet ruleSet, RuleSetStore.Run run) {
    }

    /** Makes {@code version} the active rule set and re-evaluates the whole register under it. */
    RuleSetStore.Run activate(int version, Actor actor, String cause) {
        stored(version);
        lockOrConflict();
        try {
            Integer from = store.active().map(RuleSetStore.StoredRuleSet::version).orElse(null);
            return reevaluate(from, version, cause, actor);
        } finally {
            registerLock.unlock();
        }
    }

    /** The daily pass: ages cross 65, so priorities change without a new rule set. */
    @Scheduled(cron = "${alterna.eligibility.reevaluation-cron:0 20 2 * * *}", zone = "${alterna.time-zone:America/Lima}")
    void daily() {
        store.active().ifPresent(a -> {
            if (registerLock.tryLock()) {
                try {
                    Actors.runAs(Actor.SYSTEM, () -> reevaluate(a.version(), a.version(), "DAILY", Actor.SYSTEM));
                } finally {
                    registerLock.unlock();
                }
            }
        });
    }

    private RuleSetStore.Run reevaluate(Integer from, int to, String cause, Actor actor) {
        Evaluator evaluator = evaluator(to);
        Evaluator before = from == null ? null : evaluator(from);
        LocalDate today = today();
        return tx.execute(status -> {
            long t0 = System.nanoTime();
            Instant started = clock.instant();
            List<RegisterRepository.Stored> updates = new ArrayList<>();
            List<RuleSetStore.Change> changes = new ArrayList<>();
            int[] evaluated = {0};
            register.forEach(s -> {
                evaluated[0]++;
                Evaluation e = evaluator.evaluate(s.entry(), today);
                if (!s.differs(e)) {
                    return;
                }
                updates.add(s.with(e, started));
                if (e.status() != s.status() || e.communityService() != s.communityService()
                        || e.priority() != s.priority()) {
                    // the reasons of the stored outcome: the previous rule set on the day it was evaluated
                    LocalDate then = s.evaluatedAt() == null ? today
                            : LocalDate.ofInstant(s.evaluatedAt(), localTime.zone());
                    String old = before == null ? "" : before.evaluate(s.entry(), then).encodedReasons();
                    RegisterEntry x = s.entry();
                    changes.add(new RuleSetStore.Change(x.internalId(), x.penalCentreId(), x.region(), x.courtCode(),
                            s.status(), e.status(), s.communityService(), e.communityService(), s.priority(),
                            e.priority(), old, e.encodedReasons()));
                }
            });
            register.updateEvaluations(updates, started);
            if (from == null || from != to) {
                store.activate(to, started);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            RuleSetStore.Run run = new RuleSetStore.Run(null, from, to, cause, evaluated[0], changes.size(), started,
                    ms, actor.username());
            long id = store.insertRun(run);
            store.insertChanges(id, changes);
            events.publishEvent(new Audited("eligibility.reevaluation", "EligibilityRun", String.valueOf(id),
                    cause + " rule set " + from + " -> " + to + ": " + evaluated[0] + " evaluated, " + changes.size()
                            + " changed"));
            log.info("Eligibility: {} under rule set {} (was {}): {} people evaluated, {} rows rewritten, {} changed, "
                    + "{} ms", cause, to, from, evaluated[0], updates.size(), changes.size(), ms);
            return new RuleSetStore.Run(id, from, to, cause, evaluated[0], changes.size(), started, ms,
                    actor.username());
        });
    }

    static String sha256(String document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
