package org.alterna.eligibility;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PreDestroy;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.alterna.audit.Audited;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.Role;
import org.alterna.orders.PenalCentre;
import org.alterna.orders.PenalCentres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Register imports as jobs: the file is checked line by line (every error with its line and column), evaluated under
 * the active rule set and written in one transaction — all or nothing. One import at a time; progress can be read
 * while it runs. A SUPERVISOR imports only establishments of their region, and replacing replaces only those; no
 * line may collide with an entry the import keeps or a supervisor cannot see (same internal id or DNI).
 */
@Component
class RegisterImports {
    private static final Logger log = LoggerFactory.getLogger(RegisterImports.class);

    enum Mode {
        /** The file is the whole register (of the importer's scope): who is not in it is removed. */
        REPLACE,
        /** The people in the file are added or updated; the others stay. */
        MERGE
    }

    enum State { QUEUED, PARSING, WRITING, DONE, FAILED }

    private final RegisterRepository register;
    private final RuleSets ruleSets;
    private final PenalCentres centres;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final EligibilitySettings settings;
    private final Cache<UUID, Job> jobs = Caffeine.newBuilder().expireAfterWrite(Duration.ofDays(1)).maximumSize(200)
            .build();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "register-import");
        t.setDaemon(true);
        return t;
    });

    RegisterImports(RegisterRepository register, RuleSets ruleSets, PenalCentres centres, TransactionTemplate tx,
            ApplicationEventPublisher events, Clock clock, EligibilitySettings settings) {
        this.register = register;
        this.ruleSets = ruleSets;
        this.centres = centres;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    /** An import job; its progress fields are updated by the worker while it runs. */
    static final class Job {
        final UUID id = UUID.randomUUID();
        final String owner;
        final Mode mode;
        final int bytes;
        final Instant createdAt;
        volatile State state = State.QUEUED;
        volatile int lines;
        final AtomicInteger linesRead = new AtomicInteger();
        volatile int rows;
        final AtomicInteger rowsWritten = new AtomicInteger();
        volatile List<RegisterCsv.LineError> errors = List.of();
        volatile int errorCount;
        volatile String message;
        volatile Map<Status, Long> byStatus;
        volatile int removed;
        volatile Integer ruleSetVersion;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        /** Where the time went: reading and checking the lines, evaluating, writing (one transaction). */
        volatile long parseMs;
        volatile long evaluateMs;
        volatile long writeMs;
        /** CPU time of the import thread in those phases (the rest of the wall time is waiting: database, load). */
        volatile long parseCpuMs;
        volatile long writeCpuMs;

        Job(String owner, Mode mode, int bytes, Instant createdAt) {
            this.owner = owner;
            this.mode = mode;
            this.bytes = bytes;
            this.createdAt = createdAt;
        }

        /** Progress from 0 to 1: reading counts for the first half, writing for the second. */
        double progress() {
            return switch (state) {
                case QUEUED -> 0;
                case PARSING -> lines == 0 ? 0 : 0.5 * linesRead.get() / lines;
                case WRITING -> 0.5 + (rows == 0 ? 0.5 : 0.5 * rowsWritten.get() / rows);
                case DONE, FAILED -> 1;
            };
        }

        Long durationMs() {
            return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis();
        }
    }

    /** Queues an import; the header is checked at once (a wrong file is refused before any work is queued). */
    Job submit(byte[] body, Mode mode, Actor actor) {
        if (body == null || body.length == 0) {
            throw new InvalidInputException("body", "a register in CSV is required (text/csv, UTF-8)");
        }
        if (body.length > settings.maxImportSize().toBytes()) {
            throw new InvalidInputException("body", "the file is larger than " + settings.maxImportSize());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("body", "not UTF-8 text: save the register as CSV UTF-8");
        }
        RegisterCsv.checkHeader(text.startsWith("\uFEFF") ? text.substring(1) : text);
        Job job = new Job(actor.username(), mode, body.length, clock.instant());
        jobs.put(job.id, job);
        worker.submit(() -> Actors.runAs(actor, () -> run(job, text, actor)));
        return job;
    }

    /** The job, for its owner or an administrator; anyone else gets 404. */
    Job job(UUID id, Actor actor) {
        Job job = jobs.getIfPresent(id);
        if (job == null || !(actor.is(Role.ADMIN) || actor.username().equals(job.owner))) {
            throw new NotFoundException("no register import " + id);
        }
        return job;
    }

    /** Runs an import in the calling thread (the worker, or a test). */
    void run(Job job, String text, Actor actor) {
        job.startedAt = clock.instant();
        try {
            job.state = State.PARSING;
            String onlyRegion = actor.is(Role.SUPERVISOR) ? actor.region() : null;
            if (actor.is(Role.SUPERVISOR) && onlyRegion == null) {
                throw new InvalidInputException("region", "a supervisor without a region cannot import");
            }
            List<RegisterCsv.Centre> known = new ArrayList<>();
            for (PenalCentre c : centres.all()) {
                known.add(new RegisterCsv.Centre(c.id(), c.code(), c.name(), c.regionalOffice()));
            }
            job.lines = (int) text.chars().filter(ch -> ch == '\n').count() + 1;
            long t0 = System.nanoTime();
            long cpu0 = threadCpuMs();
            RegisterCsv.Result parsed = new RegisterCsv(known, onlyRegion, ruleSets.today()).read(text,
                    job.linesRead::set);
            job.parseMs = (System.nanoTime() - t0) / 1_000_000;
            job.parseCpuMs = threadCpuMs() - cpu0;
            if (!parsed.ok()) {
                job.errors = List.copyOf(parsed.errors());
                job.errorCount = parsed.errorCount();
                job.message = parsed.errorCount() + " error(s): nothing was imported";
                job.state = State.FAILED;
                return;
            }
            ruleSets.lockOrConflict();
            try {
                List<RegisterCsv.LineError> conflicts = conflicts(parsed, job.mode, onlyRegion);
                if (!conflicts.isEmpty()) {
                    job.errors = List.copyOf(conflicts.subList(0, Math.min(conflicts.size(), RegisterCsv.MAX_ERRORS)));
                    job.errorCount = conflicts.size();
                    job.message = conflicts.size() + " error(s): nothing was imported";
                    job.state = State.FAILED;
                    return;
                }
                Evaluator evaluator = ruleSets.active();
                job.ruleSetVersion = evaluator.ruleSet().version();
                java.time.LocalDate today = ruleSets.today();
                List<RegisterRepository.Stored> rows = new ArrayList<>(parsed.entries().size());
                Map<Status, Long> byStatus = new EnumMap<>(Status.class);
                for (Status s : Status.values()) {
                    byStatus.put(s, 0L);
                }
                for (RegisterEntry e : parsed.entries()) {
                    Evaluation ev = evaluator.evaluate(e, today);
                    rows.add(new RegisterRepository.Stored(e, ev.status(), ev.priority(), ev.communityService(),
                            null));
                    byStatus.merge(ev.status(), 1L, Long::sum);
                }
                job.rows = rows.size();
                job.evaluateMs = (System.nanoTime() - t0) / 1_000_000 - job.parseMs;
                job.state = State.WRITING;
                long t1 = System.nanoTime();
                long cpu1 = threadCpuMs();
                Instant now = clock.instant();
                tx.executeWithoutResult(s -> {
                    if (job.mode == Mode.REPLACE) {
                        job.removed = register.deleteAll(onlyRegion);
                    } else {
                        register.deleteIds(rows.stream().map(r -> r.entry().internalId()).toList());
                    }
                    register.insert(rows, now, job.rowsWritten::set);
                    events.publishEvent(new Audited("eligibility.register.import", "PrisonRegister", job.id.toString(),
                            job.mode + " " + rows.size() + " people (" + job.bytes + " bytes), rule set "
                                    + job.ruleSetVersion + (onlyRegion == null ? "" : ", region " + onlyRegion)));
                });
                job.writeMs = (System.nanoTime() - t1) / 1_000_000;
                job.writeCpuMs = threadCpuMs() - cpu1;
                job.byStatus = byStatus;
            } finally {
                ruleSets.lock().unlock();
            }
            job.state = State.DONE;
            job.message = job.rows + " people imported";
        } catch (InvalidInputException | org.alterna.common.ConflictException e) {
            job.message = e.getMessage();
            job.state = State.FAILED;
        } catch (RuntimeException e) {
            log.error("Register import {} failed", job.id, e);
            job.message = "the import failed: " + e.getMessage() + "; nothing was imported";
            job.state = State.FAILED;
        } finally {
            job.finishedAt = clock.instant();
            log.info("Register import {}: {} in {} ms ({})", job.id, job.state, job.durationMs(), job.message);
        }
    }

    /**
     * The lines of a file that collide with what stays stored after the write, by line: an internal id stored in an
     * establishment outside a supervisor's region (a supervisor never overwrites nor removes what they cannot see;
     * an administrator moves people between regions), and a DNI stored under another internal id that the import
     * keeps (one person, one entry). An administrator's replacing import keeps nothing, so it is not checked.
     */
    List<RegisterCsv.LineError> conflicts(RegisterCsv.Result parsed, Mode mode, String onlyRegion) {
        if (mode == Mode.REPLACE && onlyRegion == null) {
            return List.of();
        }
        List<RegisterEntry> entries = parsed.entries();
        Map<String, Integer> lineById = new HashMap<>(entries.size() * 2);
        Map<String, Integer> lineByDni = new HashMap<>(entries.size() * 2);
        for (int i = 0; i < entries.size(); i++) {
            lineById.put(entries.get(i).internalId(), parsed.entryLines()[i]);
            lineByDni.put(entries.get(i).dni(), parsed.entryLines()[i]);
        }
        List<RegisterCsv.LineError> errors = new ArrayList<>();
        register.forEachKey(k -> {
            Integer idLine = lineById.get(k.internalId());
            boolean inScope = onlyRegion == null || onlyRegion.equals(k.region());
            if (idLine != null && !inScope) {
                errors.add(new RegisterCsv.LineError(idLine, "internal_id", "internal id " + k.internalId()
                        + " is registered in an establishment outside your region " + onlyRegion
                        + ": an administrator moves people between regions"));
            }
            // what the write keeps: merging replaces only the people of the file; replacing, the importer's scope
            boolean kept = mode == Mode.MERGE ? idLine == null : !inScope;
            Integer dniLine = lineByDni.get(k.dni());
            if (kept && dniLine != null) {
                errors.add(new RegisterCsv.LineError(dniLine, "dni", "DNI " + k.dni() + " is already registered "
                        + (inScope ? "under internal id " + k.internalId() : "outside your region " + onlyRegion)
                        + ": one person has one entry (use the same internal_id)"));
            }
        });
        errors.sort(Comparator.comparingInt(RegisterCsv.LineError::line));
        return errors;
    }

    private static long threadCpuMs() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
