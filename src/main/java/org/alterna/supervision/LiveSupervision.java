package org.alterna.supervision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.alterna.common.LocalTime;
import org.alterna.devices.Assignment;
import org.alterna.devices.AssignmentRole;
import org.alterna.devices.DeviceAssigned;
import org.alterna.devices.DeviceRegistry;
import org.alterna.devices.DeviceRetired;
import org.alterna.devices.DeviceUnassigned;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderConditionsVaried;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderStatusChanged;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.LogCursor;
import org.alterna.telemetry.LoggedRecord;
import org.alterna.telemetry.RecordLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine, live, as a durable consumer of the {@link RecordLog}: every stored fix and device event of a unit
 * assigned to an ACTIVE order (the assignment in force when it was received) goes, in log order, through that order's
 * {@link DeviceSupervisor} (conditions in force at the fix's time, late fixes re-evaluated in device-time order); a
 * clock tick detects silences. One thread, off the ingest path: the store never waits for it.
 *
 * <p>What it made of the records is saved with how far it got: each alarm change is stored
 * ({@code supervision_alarm_event}) in the same transaction as the engine's position in the log ({@link LogCursor}
 * {@code supervision}); ticks and changes of orders are journaled there too, with the position they were applied at.
 * At intervals the state of every order that changed is saved ({@code supervision_checkpoint}). On start the state is
 * rebuilt from the last checkpoint by replaying the journal and the records after it — alarm changes already saved are
 * not reported again — and then the records never evaluated are evaluated: a crash or restart changes no alarm, and
 * nothing stored is skipped. Alarm changes are published as {@link SupervisedAlarm} (and positions as
 * {@link SupervisedPosition}) once saved; the alarm desk follows the stored changes with a cursor of its own
 * ({@link SupervisionLog}).
 *
 * <p>Orders take effect at once: activations, variations, suspensions and authorised absences are applied after their
 * transaction commits (the request waits, up to {@link SupervisionSettings#orderChangeWait()}, until the engine has
 * them), between two batches of records, and journaled; the periodic tick and every start reconcile with the orders
 * as stored. The zones in force of every supervised order are kept in one spatial index ({@link ActiveZones}).
 */
@Component
@ConditionalOnProperty(name = "alterna.supervision.live.enabled", havingValue = "true", matchIfMissing = true)
class LiveSupervision implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LiveSupervision.class);
    private static final JsonMapper JSON = org.alterna.common.Json.MAPPER;
    static final String CURSOR = "supervision";
    static final String CHECKPOINT_CURSOR = "supervision-checkpoint";

    private final SupervisionEngine engine = new SupervisionEngine();
    private final Orders orders;
    private final DeviceRegistry devices;
    private final AuthorisedAbsences absences;
    private final LocalTime localTime;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate tx;
    private final RecordLog recordLog;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SupervisionSettings settings;
    private final RecordLog.Subscription subscription;
    private final Timer alarmLatency;
    private final Timer lag;
    private final Counter evaluated;
    private final LinkedBlockingQueue<Control> controls = new LinkedBlockingQueue<>();
    /** Zones of the supervised orders as in force now, for "which zones are near this point". */
    private final ActiveZones zones = new ActiveZones(250);

    // ---- owned by the engine thread
    private final Map<UUID, Supervised> supervised = new HashMap<>();
    private final Map<String, List<Assignment>> assignments = new HashMap<>();
    /** Every record up to this log number has been evaluated. */
    private long position;
    private long savedPosition = Long.MIN_VALUE;
    private final List<Pending> pendingAlarms = new ArrayList<>();
    private final List<Journal> pendingJournal = new ArrayList<>();
    private final Set<UUID> removed = new HashSet<>();
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private long nextCommit;
    private long nextCheckpoint;

    private volatile int supervisedCount;
    private volatile boolean running;
    private volatile Thread thread;

    /** One supervised order: its engine state and what routing its alarms needs. */
    private static final class Supervised {
        final UUID orderId;
        DeviceSupervisor supervisor;
        OrderView order;
        PlanStamp stamp;
        /** The name in checkpoints of every plan its states may refer to: (version, absence, index in timeline). */
        final Map<SupervisionPlan, PlanRef> refs = new IdentityHashMap<>();
        /** The plan whose zones are in {@link #zones}. */
        SupervisionPlan indexed;
        boolean dirty;

        Supervised(UUID orderId, OrderView order) {
            this.orderId = orderId;
            this.order = order;
        }
    }

    /** Which conditions version and authorised absences an order's plans were built from. */
    record PlanStamp(int version, long absenceId) {
    }

    /** A plan in a checkpoint: the plan at {@code index} of the timeline built from that stamp. */
    private record PlanRef(int version, long absenceId, int index) {
    }

    /** An alarm change made, waiting for the transaction that saves it. */
    private record Pending(Supervised s, AlarmEvent event, Fix trigger, String model) {
    }

    /** A journal entry: TICK (at), ORDER (activated or changed, stamp), REMOVED. */
    private record Journal(long afterSeq, String kind, Instant at, UUID orderId, Integer version, Long absenceId) {
    }

    private sealed interface Control permits Tick, OrderChanged, DeviceChanged, Stop {
    }

    private record Tick(Instant now, CompletableFuture<Void> done) implements Control {
    }

    private record OrderChanged(UUID orderId, CompletableFuture<Void> done) implements Control {
    }

    private record DeviceChanged(String deviceId) implements Control {
    }

    private record Stop() implements Control {
    }

    LiveSupervision(Orders orders, DeviceRegistry devices, AuthorisedAbsences absences, LocalTime localTime,
            JdbcClient jdbc, JdbcTemplate jdbcTemplate, PlatformTransactionManager transactions, RecordLog recordLog,
            ApplicationEventPublisher events, Clock clock, MeterRegistry meters, SupervisionSettings settings) {
        this.orders = orders;
        this.devices = devices;
        this.absences = absences;
        this.localTime = localTime;
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = new TransactionTemplate(transactions);
        this.recordLog = recordLog;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        // subscribed before the store writes anything of this process
        this.subscription = recordLog.subscribe(CURSOR, settings.buffered());
        this.alarmLatency = Timer.builder("alterna.supervision.alarm.latency")
                .description("from a fix's arrival at the gateway to its alarm being saved and published")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
        this.lag = Timer.builder("alterna.supervision.lag")
                .description("from a record's arrival at the gateway to its evaluation by the engine (the oldest record"
                        + " of each delivery)")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.evaluated = Counter.builder("alterna.supervision.fixes.evaluated").register(meters);
        Gauge.builder("alterna.supervision.backlog", subscription, RecordLog.Subscription::buffered)
                .description("Records stored but not yet evaluated (in memory)").register(meters);
        Gauge.builder("alterna.supervision.orders", this, LiveSupervision::supervisedCount)
                .description("Orders under supervision").register(meters);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "supervision-engine");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        controls.add(new Stop());
        running = false; // changes from now on are picked up by the next start
        Thread t = thread;
        if (t != null) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100; // before the gateway's servers start, after they stop
    }

    private void run() {
        try {
            recover();
        } catch (RuntimeException e) {
            log.error("supervision could not rebuild its state; stopping (nothing is lost: a restart resumes)", e);
            running = false;
            return;
        }
        long now = System.nanoTime();
        nextCommit = now + settings.commitInterval().toNanos();
        nextCheckpoint = now + settings.checkpointInterval().toNanos();
        while (true) {
            try {
                if (!applyControls()) {
                    break;
                }
                long wait = Math.max(0, Math.min(nextCommit - System.nanoTime(), 100_000_000L));
                RecordLog.Delivery d = subscription.poll(wait, TimeUnit.NANOSECONDS);
                if (d != null) {
                    holdWhileAsked();
                    evaluate(d, true);
                }
                long t = System.nanoTime();
                if (!pendingAlarms.isEmpty() || !pendingJournal.isEmpty() || !waiting.isEmpty() || t >= nextCommit) {
                    boolean checkpoint = t >= nextCheckpoint;
                    commit(checkpoint);
                    nextCommit = t + settings.commitInterval().toNanos();
                    if (checkpoint) {
                        nextCheckpoint = t + settings.checkpointInterval().toNanos();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("supervision: saving failed; retrying in 1 s (state kept, nothing acknowledged lost)", e);
                sleepQuietly(1000);
            }
        }
        try {
            commit(true);
        } catch (RuntimeException e) {
            log.warn("supervision: final checkpoint failed; the next start replays from the previous one", e);
        }
        for (Control c : controls) {
            complete(c);
        }
        waiting.forEach(f -> f.complete(null));
    }

    /** Applies the waiting ticks and order changes; false once asked to stop. */
    private boolean applyControls() {
        Control c;
        while ((c = controls.poll()) != null) {
            if (c instanceof Stop) {
                return false;
            }
            try {
                if (c instanceof Tick t) {
                    tick(t.now(), true);
                    waiting.add(t.done());
                } else if (c instanceof OrderChanged o) {
                    applyOrder(o.orderId());
                    waiting.add(o.done());
                } else if (c instanceof DeviceChanged d) {
                    assignments.remove(d.deviceId());
                }
            } catch (RuntimeException e) {
                log.error("supervision: applying {} failed", c, e);
                complete(c);
            }
        }
        return true;
    }

    private static void complete(Control c) {
        if (c instanceof Tick t) {
            t.done().complete(null);
        } else if (c instanceof OrderChanged o) {
            o.done().complete(null);
        }
    }

    /** Test hook ({@link SupervisionSettings#holdFile()}): stored records wait, unevaluated, while the file exists. */
    private void holdWhileAsked() throws InterruptedException {
        Path hold = settings.holdFile();
        while (hold != null && Files.exists(hold)) {
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------------------------------------ records

    /** Evaluates a delivery; {@code emit}: report what it changes (false while replaying what was reported). */
    private void evaluate(RecordLog.Delivery d, boolean emit) {
        long oldest = Long.MAX_VALUE;
        int n = 0;
        for (LoggedRecord r : d.records()) {
            if (evaluate(r, emit)) {
                n++;
            }
            Instant server = r.fix().serverTime();
            if (server != null && server.toEpochMilli() < oldest) {
                oldest = server.toEpochMilli();
            }
        }
        position = Math.max(position, d.upTo());
        evaluated.increment(n);
        if (emit && oldest != Long.MAX_VALUE) {
            // how far behind ingest the engine is: the longest any record of the delivery waited
            lag.record(Math.max(0, clock.millis() - oldest), TimeUnit.MILLISECONDS);
        }
    }

    /** Evaluates one record; true if it concerned a supervised order. */
    private boolean evaluate(LoggedRecord r, boolean emit) {
        Fix f = r.fix();
        try {
            Assignment a = assignmentAt(f.deviceId(), f.serverTime());
            if (a == null) {
                return false;
            }
            Supervised s = supervised.get(a.orderId());
            if (s == null) {
                return false;
            }
            boolean victim = a.role() == AssignmentRole.VICTIM_UNIT;
            boolean suspectedBefore = SupervisionEngine.breachSuspected(s.supervisor.state());
            List<AlarmEvent> changes = victim ? s.supervisor.onVictimFix(f) : s.supervisor.onFix(f);
            s.dirty = true;
            if (!emit) {
                return true;
            }
            OrderView o = s.order;
            boolean suspected = SupervisionEngine.breachSuspected(s.supervisor.state());
            if (suspected != suspectedBefore) {
                events.publishEvent(new PursuitRequested(o.id(), suspected, f.deviceTime()));
            }
            if (f.hasPosition()) {
                events.publishEvent(new SupervisedPosition(o.id(), o.personName(), victim, o.courtCode(), o.region(),
                        o.monitoringCentre(), o.prosecutor(), f));
            }
            if (!changes.isEmpty()) {
                String model = devices.find(f.deviceId()).map(d -> d.model()).orElse(null);
                for (AlarmEvent e : changes) {
                    pendingAlarms.add(new Pending(s, e, f, model));
                }
            }
            return true;
        } catch (RuntimeException e) {
            // one bad order must never stop supervision of the others
            log.error("supervision of record {} of device {} failed", r.seq(), f.deviceId(), e);
            return false;
        }
    }

    /** The assignment in force when the record was received (deterministic: a replay finds the same). */
    private Assignment assignmentAt(String deviceId, Instant received) {
        List<Assignment> list = assignments.get(deviceId);
        if (list == null) {
            list = List.copyOf(devices.assignmentsOfDevice(deviceId));
            if (assignments.size() > 1_000_000) {
                assignments.clear();
            }
            assignments.put(deviceId, list);
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).activeAt(received)) {
                return list.get(i);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ ticks

    /**
     * Silences and schedule boundaries are detected by the clock, not by fixes. Runs on the engine thread; returns
     * once the tick is applied and what it raised saved and published (or after 30 s).
     */
    @Scheduled(fixedDelayString = "${alterna.supervision.tick:PT15S}")
    void tick() {
        await(submit(new Tick(clock.instant(), new CompletableFuture<>())), Duration.ofSeconds(30));
    }

    private void tick(Instant now, boolean live) {
        if (live) {
            reconcile();
        }
        for (Supervised s : supervised.values()) {
            try {
                boolean suspectedBefore = SupervisionEngine.breachSuspected(s.supervisor.state());
                List<AlarmEvent> changes = s.supervisor.tick(now);
                boolean suspected = SupervisionEngine.breachSuspected(s.supervisor.state());
                if (live && suspected != suspectedBefore) {
                    events.publishEvent(new PursuitRequested(s.orderId, suspected, now));
                }
                if (s.supervisor.tickChanged()) {
                    s.dirty = true;
                }
                if (live) {
                    for (AlarmEvent e : changes) {
                        pendingAlarms.add(new Pending(s, e, null, null));
                    }
                    index(s, now); // conditions that took effect since
                }
            } catch (RuntimeException e) {
                log.error("supervision tick of order {} failed", s.orderId, e);
            }
        }
        if (live) {
            zones.refresh();
            pendingJournal.add(new Journal(position, "TICK", now, null, null, null));
        }
    }

    /** Orders activated or closed without the engine hearing of it (another process, a lost notice) join or leave. */
    private void reconcile() {
        Set<UUID> active = new HashSet<>();
        for (OrderView o : orders.active()) {
            active.add(o.id());
            if (!supervised.containsKey(o.id())) {
                applyOrder(o.id());
            }
        }
        for (UUID id : new ArrayList<>(supervised.keySet())) {
            if (!active.contains(id)) {
                applyOrder(id);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ orders

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(OrderConditionsVaried varied) {
        orderChanged(varied.orderId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(OrderStatusChanged changed) {
        orderChanged(changed.orderId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(AuthorisedAbsences.Changed changed) {
        orderChanged(changed.orderId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DeviceAssigned assigned) {
        controls.add(new DeviceChanged(assigned.assignment().deviceId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DeviceUnassigned unassigned) {
        controls.add(new DeviceChanged(unassigned.assignment().deviceId()));
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(DeviceRetired retired) {
        controls.add(new DeviceChanged(retired.uniqueId()));
    }

    /** The order changed (committed): the engine applies it next, and the caller waits until it has. */
    private void orderChanged(UUID orderId) {
        await(submit(new OrderChanged(orderId, new CompletableFuture<>())), settings.orderChangeWait());
    }

    private CompletableFuture<Void> submit(Control c) {
        if (!running) {
            complete(c);
        } else {
            controls.add(c);
        }
        return c instanceof Tick t ? t.done() : ((OrderChanged) c).done();
    }

    private static void await(CompletableFuture<Void> done, Duration wait) {
        try {
            done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("supervision did not confirm in {}: {}", wait, e.toString());
        }
    }

    /** Brings the order's supervision in line with the order as stored: joins, changes conditions, or leaves. */
    private void applyOrder(UUID orderId) {
        Optional<OrderView> order = orders.find(orderId);
        Supervised s = supervised.get(orderId);
        if (order.isEmpty() || order.get().status() != OrderStatus.ACTIVE) {
            if (s != null) {
                remove(s);
                pendingJournal.add(new Journal(position, "REMOVED", clock.instant(), orderId, null, null));
            }
            return;
        }
        Knowledge k = knowledge(orderId);
        PlanStamp stamp = k.stamp();
        if (s != null) {
            s.order = order.get();
            if (stamp.equals(s.stamp)) {
                return;
            }
        }
        install(orderId, order.get(), k, stamp);
        pendingJournal.add(new Journal(position, "ORDER", clock.instant(), orderId, stamp.version(), stamp.absenceId()));
        index(supervised.get(orderId), clock.instant());
    }

    /** The order's supervision under the conditions of {@code stamp}: a new supervisor, or new plans for it. */
    private Supervised install(UUID orderId, OrderView order, Knowledge k, PlanStamp stamp) {
        PlanTimeline timeline = k.timeline(stamp);
        Supervised s = supervised.get(orderId);
        if (s == null) {
            s = new Supervised(orderId, order);
            s.supervisor = new DeviceSupervisor(engine, timeline);
            supervised.put(orderId, s);
            removed.remove(orderId);
            supervisedCount = supervised.size();
        } else {
            s.supervisor.plans(timeline);
            if (order != null) {
                s.order = order;
            }
        }
        s.stamp = stamp;
        register(s, timeline, stamp);
        s.dirty = true;
        return s;
    }

    private static void register(Supervised s, PlanTimeline timeline, PlanStamp stamp) {
        List<SupervisionPlan> plans = timeline.plans();
        for (int i = 0; i < plans.size(); i++) {
            s.refs.put(plans.get(i), new PlanRef(stamp.version(), stamp.absenceId(), i));
        }
    }

    private void remove(Supervised s) {
        supervised.remove(s.orderId);
        supervisedCount = supervised.size();
        removed.add(s.orderId);
        zones.remove(s.orderId);
        s.indexed = null;
    }

    /** Puts the order's zones in force at {@code now} into the server-wide index, if they changed. */
    private void index(Supervised s, Instant now) {
        if (s == null || supervised.get(s.orderId) != s) {
            return;
        }
        SupervisionPlan plan = s.supervisor.plans().planAt(now);
        if (plan != s.indexed) {
            zones.put(s.orderId, plan.zones());
            s.indexed = plan;
        }
    }

    /** What the orders module and the authorised absences say about an order (append-only: any past stamp can be rebuilt). */
    private record Knowledge(List<ConditionsVersion> versions, List<AuthorisedAbsences.Absence> absences,
            java.time.ZoneId zone) {
        PlanStamp stamp() {
            int v = versions.stream().mapToInt(ConditionsVersion::version).max().orElse(0);
            long a = absences.stream().mapToLong(AuthorisedAbsences.Absence::id).max().orElse(0);
            return new PlanStamp(v, a);
        }

        /** All versions of the conditions up to the stamp's, each in force from its effective instant, with its absences. */
        PlanTimeline timeline(PlanStamp stamp) {
            List<Suspension> away = absences.stream().filter(a -> a.id() <= stamp.absenceId())
                    .map(a -> new Suspension(a.from(), a.to(), a.types())).toList();
            PlanTimeline timeline = null;
            for (ConditionsVersion v : versions) {
                if (v.version() > stamp.version()) {
                    continue;
                }
                SupervisionPlan plan = PlanMapper.plan(v.conditions(), zone, away);
                timeline = timeline == null ? PlanTimeline.of(plan) : timeline.with(v.effectiveFrom(), plan);
            }
            return timeline != null ? timeline : PlanTimeline.of(SupervisionPlan.builder().timezone(zone).build());
        }
    }

    private Knowledge knowledge(UUID orderId) {
        return new Knowledge(orders.versions(orderId), absences.list(orderId), localTime.zone());
    }

    // ------------------------------------------------------------------------------------------------ saving

    /** Saves the alarm changes made, the journal and the position; with {@code checkpoint}, every changed state. */
    private void commit(boolean checkpoint) {
        if (!checkpoint && pendingAlarms.isEmpty() && pendingJournal.isEmpty() && removed.isEmpty()
                && position == savedPosition) {
            waiting.forEach(f -> f.complete(null));
            waiting.clear();
            return;
        }
        Instant now = clock.instant();
        List<Object[]> rows = new ArrayList<>(pendingAlarms.size());
        for (Pending p : pendingAlarms) {
            AlarmEvent e = p.event();
            rows.add(new Object[] {p.s().orderId, e.deviceId(), p.model(), e.alarmId(), e.kind().name(),
                    e.type().name(), e.zone(), Timestamp.from(e.start()), e.end() == null ? null : Timestamp.from(e.end()),
                    e.raisedAt() == null ? null : Timestamp.from(e.raisedAt()), e.late(),
                    JSON.writeValueAsString(e.evidence()), Timestamp.from(now)});
        }
        List<Object[]> journal = new ArrayList<>(pendingJournal.size());
        for (Journal j : pendingJournal) {
            journal.add(new Object[] {j.afterSeq(), j.kind(), Timestamp.from(j.at()), j.orderId(), j.version(),
                    j.absenceId()});
        }
        List<Supervised> saved = new ArrayList<>();
        List<Object[]> states = new ArrayList<>();
        if (checkpoint) {
            for (Supervised s : supervised.values()) {
                if (s.dirty) {
                    byte[] state = serialise(s);
                    if (state != null) {
                        saved.add(s);
                        states.add(new Object[] {position, s.stamp.version(), s.stamp.absenceId(), state,
                                Timestamp.from(now), s.orderId});
                    }
                }
            }
        }
        long at = position;
        tx.executeWithoutResult(status -> {
            if (!rows.isEmpty()) {
                jdbcTemplate.batchUpdate("""
                        insert into supervision_alarm_event (order_id, device_id, device_model, alarm_id, kind, type,
                            zone, start_at, end_at, raised_at, late, evidence, recorded_at)
                        values (?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows);
            }
            if (!journal.isEmpty()) {
                jdbcTemplate.batchUpdate("insert into supervision_journal (after_seq, kind, applied_at, order_id, plan_version,"
                        + " absence_id) values (?,?,?,?,?,?)", journal);
            }
            for (UUID id : removed) {
                jdbc.sql("delete from supervision_checkpoint where order_id = ?").param(id).update();
            }
            if (checkpoint) {
                int[] updated = jdbcTemplate.batchUpdate("update supervision_checkpoint set position = ?,"
                        + " plan_version = ?, absence_id = ?, state = ?, updated_at = ? where order_id = ?", states);
                List<Object[]> inserts = new ArrayList<>();
                for (int i = 0; i < updated.length; i++) {
                    if (updated[i] == 0) {
                        Object[] r = states.get(i);
                        inserts.add(new Object[] {r[5], r[0], r[1], r[2], r[3], r[4]});
                    }
                }
                if (!inserts.isEmpty()) {
                    jdbcTemplate.batchUpdate("insert into supervision_checkpoint (order_id, position, plan_version,"
                            + " absence_id, state, updated_at) values (?,?,?,?,?,?)", inserts);
                }
                // the journal so far is in the states just saved (an order whose state did not change since its
                // own checkpoint was not changed by it either)
                jdbc.sql("delete from supervision_journal").update();
                LogCursor.save(jdbc, CHECKPOINT_CURSOR, at, now);
            }
            LogCursor.save(jdbc, CURSOR, at, now);
        });
        savedPosition = at;
        removed.clear();
        pendingJournal.clear();
        for (Supervised s : saved) {
            s.dirty = false;
        }
        Instant published = clock.instant();
        for (Pending p : pendingAlarms) {
            OrderView o = p.s().order;
            try {
                events.publishEvent(new SupervisedAlarm(o.id(), o.personName(), o.courtCode(), o.region(),
                        o.monitoringCentre(), o.prosecutor(), p.model(), p.event()));
            } catch (RuntimeException e) {
                log.warn("a SupervisedAlarm listener failed", e);
            }
            Fix trigger = p.trigger();
            if (trigger != null && p.event().kind() == AlarmEvent.Kind.RAISED && trigger.serverTime() != null) {
                alarmLatency.record(Duration.between(trigger.serverTime(), published).abs());
            }
        }
        pendingAlarms.clear();
        waiting.forEach(f -> f.complete(null));
        waiting.clear();
    }

    /** The supervisor and the names of the plans its states refer to; null if it cannot be written (logged). */
    private byte[] serialise(Supervised s) {
        try {
            // the plans still referred to: the current timeline's and those of states not yet evaluated under it
            Map<SupervisionPlan, Integer> used = new IdentityHashMap<>();
            List<PlanRef> names = new ArrayList<>();
            for (DeviceState st : s.supervisor.states()) {
                SupervisionPlan p = st.planKey;
                if (p != null && !used.containsKey(p)) {
                    PlanRef ref = s.refs.get(p);
                    if (ref == null) {
                        throw new IllegalStateException("a state refers to a plan of no known conditions version");
                    }
                    used.put(p, names.size());
                    names.add(ref);
                }
            }
            s.refs.keySet().retainAll(keep(s, used));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(names.size());
            for (PlanRef r : names) {
                out.writeInt(r.version());
                out.writeLong(r.absenceId());
                out.writeInt(r.index());
            }
            s.supervisor.write(out, p -> used.get(p));
            out.flush();
            return bytes.toByteArray();
        } catch (IOException | RuntimeException e) {
            log.error("supervision: cannot checkpoint order {}; it keeps its previous checkpoint", s.orderId, e);
            return null;
        }
    }

    private static Set<SupervisionPlan> keep(Supervised s, Map<SupervisionPlan, Integer> used) {
        Set<SupervisionPlan> keep = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        keep.addAll(used.keySet());
        keep.addAll(s.supervisor.plans().plans());
        return keep;
    }

    // ------------------------------------------------------------------------------------------------ recovery

    /**
     * Rebuilds the state: the orders' last checkpoints, then the journal and the records stored since, in the order
     * they were applied (what was reported then is not reported again), then the records never evaluated (reported),
     * then whatever changed in the orders meanwhile.
     */
    private void recover() {
        long start = System.nanoTime();
        long evaluatedUpTo = LogCursor.read(jdbc, CURSOR).orElse(0L);
        long checkpointAt = LogCursor.read(jdbc, CHECKPOINT_CURSOR).orElse(0L);
        int restored = 0;
        for (Map<String, Object> row : jdbc.sql("select * from supervision_checkpoint").query().listOfRows()) {
            UUID orderId = (UUID) row.get("order_id");
            PlanStamp stamp = new PlanStamp(((Number) row.get("plan_version")).intValue(),
                    ((Number) row.get("absence_id")).longValue());
            try {
                restore(orderId, stamp, (byte[]) row.get("state"));
                restored++;
            } catch (IOException | RuntimeException e) {
                log.error("supervision: the checkpoint of order {} cannot be read; it starts afresh", orderId, e);
            }
        }
        List<Journal> journal = jdbc.sql("select * from supervision_journal order by id").query((rs, n) ->
                new Journal(rs.getLong("after_seq"), rs.getString("kind"), rs.getTimestamp("applied_at").toInstant(),
                        rs.getObject("order_id", UUID.class), (Integer) rs.getObject("plan_version"),
                        rs.getObject("absence_id") == null ? null : rs.getLong("absence_id"))).list();
        Iterator<Journal> next = journal.iterator();
        Journal pendingEntry = next.hasNext() ? next.next() : null;
        long upTo = recordLog.startSeq() - 1;
        long at = checkpointAt;
        int replayed = 0;
        int fresh = 0;
        while (at < upTo) {
            RecordLog.Delivery d = recordLog.read(at, upTo, 10_000);
            for (LoggedRecord r : d.records()) {
                while (pendingEntry != null && pendingEntry.afterSeq() < r.seq()) {
                    replay(pendingEntry);
                    pendingEntry = next.hasNext() ? next.next() : null;
                }
                boolean unevaluated = r.seq() > evaluatedUpTo;
                evaluate(r, unevaluated);
                if (unevaluated) {
                    fresh++;
                } else {
                    replayed++;
                }
            }
            at = d.upTo();
            if (d.records().isEmpty() && d.upTo() >= upTo) {
                break;
            }
        }
        while (pendingEntry != null) {
            replay(pendingEntry);
            pendingEntry = next.hasNext() ? next.next() : null;
        }
        position = Math.max(upTo, evaluatedUpTo);
        reconcile();
        for (Supervised s : supervised.values()) {
            if (s.stamp != null) {
                Knowledge k = knowledge(s.orderId);
                if (!k.stamp().equals(s.stamp)) {
                    applyOrder(s.orderId); // changed while the engine was away
                }
            }
            index(s, clock.instant());
        }
        zones.refresh();
        commit(true);
        log.info("supervision resumed in {} ms: {} orders from checkpoints, {} journal entries and {} records replayed,"
                + " {} records evaluated for the first time; {} orders supervised", (System.nanoTime() - start) / 1_000_000,
                restored, journal.size(), replayed, fresh, supervised.size());
    }

    private void restore(UUID orderId, PlanStamp stamp, byte[] state) throws IOException {
        Knowledge k = knowledge(orderId);
        PlanTimeline timeline = k.timeline(stamp);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        int n = in.readInt();
        SupervisionPlan[] plans = new SupervisionPlan[n];
        Map<PlanStamp, PlanTimeline> built = new HashMap<>();
        built.put(stamp, timeline);
        Supervised s = new Supervised(orderId, orders.find(orderId).orElse(null));
        for (int i = 0; i < n; i++) {
            PlanRef ref = new PlanRef(in.readInt(), in.readLong(), in.readInt());
            PlanStamp st = new PlanStamp(ref.version(), ref.absenceId());
            PlanTimeline t = built.computeIfAbsent(st, k::timeline);
            plans[i] = t.plans().get(ref.index());
            s.refs.put(plans[i], ref);
        }
        s.supervisor = DeviceSupervisor.read(in, engine, timeline, i -> plans[i]);
        s.stamp = stamp;
        register(s, timeline, stamp);
        supervised.put(orderId, s);
        supervisedCount = supervised.size();
    }

    /** Applies a journal entry again, as it was applied then. */
    private void replay(Journal j) {
        switch (j.kind()) {
            case "TICK" -> tick(j.at(), false);
            case "REMOVED" -> {
                Supervised s = supervised.get(j.orderId());
                if (s != null) {
                    remove(s);
                }
            }
            case "ORDER" -> install(j.orderId(), orders.find(j.orderId()).orElse(null), knowledge(j.orderId()),
                    new PlanStamp(j.version(), j.absenceId()));
            default -> log.warn("supervision: unknown journal entry {}", j.kind());
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    /** A zone near a point: whose it is and how far (metres; negative inside). */
    record NearZone(UUID orderId, String zoneId, ZoneType type, double distanceMeters) {
    }

    /**
     * The zones of all supervised orders (as in force now) whose edge is within {@code metres} of the point or that
     * contain it, nearest first. Distances are metres at any latitude.
     */
    List<NearZone> zonesNear(double lat, double lon, double metres) {
        List<NearZone> out = new ArrayList<>();
        for (ZoneIndex.Hit<UUID> h : zones.near(lat, lon, metres)) {
            out.add(new NearZone(h.owner(), h.zone().id(), h.zone().type(), h.distance()));
        }
        return out;
    }

    /** Alarm changes the engine recorded for an order, oldest first (evidence for reports). */
    List<Map<String, Object>> recorded(UUID orderId) {
        return jdbc.sql("select * from supervision_alarm_event where order_id = ? order by id").param(orderId)
                .query().listOfRows();
    }

    int supervisedCount() {
        return supervisedCount;
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
