package org.alterna.supervision;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.alterna.common.LocalTime;
import org.alterna.devices.Assignment;
import org.alterna.devices.AssignmentRole;
import org.alterna.devices.DeviceRegistry;
import org.alterna.orders.ConditionsVersion;
import org.alterna.orders.OrderConditionsVaried;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderStatusChanged;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.alterna.telemetry.Fix;
import org.alterna.telemetry.FixesStored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine, live: every stored fix of a unit assigned to an ACTIVE order goes through that order's
 * {@link DeviceSupervisor} (conditions in force at the fix's time, late fixes re-evaluated in device-time order); a
 * clock tick detects silences without a fix arriving. Each alarm change is stored and published as
 * {@link SupervisedAlarm} for the alarm desk and the console. The zones in force of every supervised order are kept in
 * one spatial index ({@link ActiveZones}), updated as orders are activated, varied or closed, for
 * "which zones are near this point" ({@link #zonesNear}).
 */
@Component
@ConditionalOnProperty(name = "alterna.supervision.live.enabled", havingValue = "true", matchIfMissing = true)
class LiveSupervision {
    private static final Logger log = LoggerFactory.getLogger(LiveSupervision.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SupervisionEngine engine = new SupervisionEngine();
    private final Orders orders;
    private final DeviceRegistry devices;
    private final AuthorisedAbsences absences;
    private final LocalTime localTime;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Timer alarmLatency;
    private final Counter evaluated;
    private final Map<UUID, Supervised> supervised = new ConcurrentHashMap<>();
    /** Zones of the supervised orders as in force now, for "which zones are near this point". */
    private final ActiveZones zones = new ActiveZones(250);

    /** One supervised order: its engine state and what routing its alarms needs. */
    private static final class Supervised {
        final DeviceSupervisor supervisor;
        volatile OrderView order;
        /** The plan whose zones are in {@link #zones}. */
        volatile SupervisionPlan indexed;

        Supervised(DeviceSupervisor supervisor, OrderView order) {
            this.supervisor = supervisor;
            this.order = order;
        }
    }

    LiveSupervision(Orders orders, DeviceRegistry devices, AuthorisedAbsences absences, LocalTime localTime,
            JdbcClient jdbc, ApplicationEventPublisher events, Clock clock, MeterRegistry meters) {
        this.orders = orders;
        this.devices = devices;
        this.absences = absences;
        this.localTime = localTime;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.alarmLatency = Timer.builder("alterna.supervision.alarm.latency")
                .description("from a fix's arrival at the gateway to its alarm being published")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
        this.evaluated = Counter.builder("alterna.supervision.fixes.evaluated").register(meters);
    }

    @EventListener
    void on(FixesStored stored) {
        for (Fix fix : stored.fixes()) {
            try {
                evaluate(fix);
            } catch (RuntimeException e) {
                // one bad order must never stop supervision of the others
                log.error("supervision of fix {} of device {} failed", fix.deviceTime(), fix.deviceId(), e);
            }
        }
    }

    private void evaluate(Fix fix) {
        Optional<Assignment> assignment = devices.currentAssignment(fix.deviceId());
        if (assignment.isEmpty()) {
            return;
        }
        Supervised s = supervised(assignment.get().orderId());
        if (s == null) {
            return;
        }
        boolean victim = assignment.get().role() == AssignmentRole.VICTIM_UNIT;
        List<AlarmEvent> changes;
        synchronized (s) {
            changes = victim ? s.supervisor.onVictimFix(fix) : s.supervisor.onFix(fix);
        }
        evaluated.increment();
        OrderView o = s.order;
        events.publishEvent(new SupervisedPosition(o.id(), o.personName(), victim, o.courtCode(), o.region(),
                o.monitoringCentre(), o.prosecutor(), fix));
        publish(s, changes, fix);
    }

    /** Silences and schedule boundaries are detected by the clock, not by fixes. */
    @Scheduled(fixedDelayString = "${alterna.supervision.tick:PT15S}")
    void tick() {
        // orders activated elsewhere (another node, a restart) join supervision even before their first fix
        orders.active().forEach(o -> supervised(o.id()));
        Instant now = clock.instant();
        for (Supervised s : supervised.values()) {
            try {
                List<AlarmEvent> changes;
                synchronized (s) {
                    changes = s.supervisor.tick(now);
                    index(s, now); // conditions that took effect since
                }
                publish(s, changes, null);
            } catch (RuntimeException e) {
                log.error("supervision tick of order {} failed", s.order.id(), e);
            }
        }
        zones.refresh();
    }

    @EventListener
    void on(OrderConditionsVaried varied) {
        Supervised s = supervised.get(varied.orderId());
        if (s != null) {
            synchronized (s) {
                s.supervisor.plans(timeline(varied.orderId()));
                index(s, clock.instant());
            }
        }
    }

    @EventListener
    void on(OrderStatusChanged changed) {
        if (changed.to() == OrderStatus.ACTIVE) {
            supervised(changed.orderId());
        } else {
            Supervised gone = supervised.remove(changed.orderId());
            if (gone != null) {
                synchronized (gone) {
                    zones.remove(changed.orderId());
                    gone.indexed = null;
                }
            }
        }
    }

    @EventListener
    void on(AuthorisedAbsences.Changed changed) {
        Supervised s = supervised.get(changed.orderId());
        if (s != null) {
            synchronized (s) {
                s.supervisor.plans(timeline(changed.orderId()));
            }
        }
    }

    /** The supervision of an ACTIVE order, created on first use; null when the order is not active. */
    private Supervised supervised(UUID orderId) {
        Supervised existing = supervised.get(orderId);
        if (existing != null) {
            return existing;
        }
        Optional<OrderView> order = orders.find(orderId);
        if (order.isEmpty() || order.get().status() != OrderStatus.ACTIVE) {
            return null;
        }
        Supervised s = supervised.computeIfAbsent(orderId,
                id -> new Supervised(new DeviceSupervisor(engine, timeline(id)), order.get()));
        synchronized (s) {
            index(s, clock.instant());
        }
        return s;
    }

    /** Puts the order's zones in force at {@code now} into the server-wide index, if they changed. Call holding s. */
    private void index(Supervised s, Instant now) {
        if (supervised.get(s.order.id()) != s) {
            return; // no longer supervised (closed meanwhile)
        }
        SupervisionPlan plan = s.supervisor.plans().planAt(now);
        if (plan != s.indexed) {
            zones.put(s.order.id(), plan.zones());
            s.indexed = plan;
        }
    }

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

    /** All versions of the order's conditions, each in force from its effective instant, plus authorised absences. */
    private PlanTimeline timeline(UUID orderId) {
        List<Suspension> away = absences.suspensions(orderId);
        List<ConditionsVersion> versions = orders.versions(orderId);
        PlanTimeline timeline = null;
        for (ConditionsVersion v : versions) {
            SupervisionPlan plan = PlanMapper.plan(v.conditions(), localTime.zone(), away);
            timeline = timeline == null ? PlanTimeline.of(plan) : timeline.with(v.effectiveFrom(), plan);
        }
        return timeline != null ? timeline
                : PlanTimeline.of(SupervisionPlan.builder().timezone(localTime.zone()).build());
    }

    private void publish(Supervised s, List<AlarmEvent> changes, Fix trigger) {
        if (changes.isEmpty()) {
            return;
        }
        OrderView o = s.order;
        String model = trigger == null ? null
                : devices.find(trigger.deviceId()).map(d -> d.model()).orElse(null);
        for (AlarmEvent e : changes) {
            store(o.id(), e);
            events.publishEvent(new SupervisedAlarm(o.id(), o.personName(), o.courtCode(), o.region(),
                    o.monitoringCentre(), o.prosecutor(), model, e));
            if (trigger != null && e.kind() == AlarmEvent.Kind.RAISED && trigger.serverTime() != null) {
                alarmLatency.record(Duration.between(trigger.serverTime(), clock.instant()).abs());
            }
        }
    }

    private void store(UUID orderId, AlarmEvent e) {
        jdbc.sql("""
                insert into supervision_alarm_event (order_id, device_id, alarm_id, kind, type, zone, start_at, end_at,
                    raised_at, late, evidence, recorded_at) values (?,?,?,?,?,?,?,?,?,?,?,?)""")
                .params(orderId, e.deviceId(), e.alarmId(), e.kind().name(), e.type().name(), e.zone(),
                        Timestamp.from(e.start()), e.end() == null ? null : Timestamp.from(e.end()),
                        e.raisedAt() == null ? null : Timestamp.from(e.raisedAt()), e.late(),
                        JSON.writeValueAsString(e.evidence()), Timestamp.from(clock.instant()))
                .update();
    }

    /** Alarm changes the engine recorded for an order, oldest first (evidence for reports). */
    List<Map<String, Object>> recorded(UUID orderId) {
        return jdbc.sql("select * from supervision_alarm_event where order_id = ? order by id").param(orderId)
                .query().listOfRows();
    }

    int supervisedCount() {
        return supervised.size();
    }

    List<UUID> supervisedOrders() {
        return new ArrayList<>(supervised.keySet());
    }
}
