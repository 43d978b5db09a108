package org.alterna.devices;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.alterna.audit.Audited;
import org.alterna.common.ConflictException;
import org.alterna.common.InvalidInputException;
import org.alterna.common.NotFoundException;
import org.alterna.identity.Actor;
import org.alterna.identity.Actors;
import org.alterna.identity.Role;
import org.alterna.orders.OrderLifecycle;
import org.alterna.orders.OrderScope;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderView;
import org.alterna.orders.Orders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The installation of each ordered measure, from court order to active monitoring: due when the order reaches
 * ORDERED (deadline {@code alterna.devices.installation-deadline} later), an appointment (when, where, which installer,
 * which unit from stock), the unit fitted, the installer's checklist, and automatic activation on the unit's first
 * valid fix with the strap closed. Past the deadline without monitoring it publishes {@link InstallationOverdue} (the
 * desk raises an alarm for the supervisors); when the measure ends the devices come off ({@link DeviceRegistry#endOrder}).
 * Every call is scoped by {@link OrderScope} (out of scope answers as missing) and audited.
 */
@Service
class Installations {
    private static final Logger log = LoggerFactory.getLogger(Installations.class);

    private final InstallationStore store;
    private final DeviceRegistry registry;
    private final DeviceService devices;
    private final OrderScope scope;
    private final Orders orders;
    private final OrderLifecycle lifecycle;
    private final DeviceSettings settings;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;

    Installations(InstallationStore store, DeviceRegistry registry, DeviceService devices, OrderScope scope,
            Orders orders, OrderLifecycle lifecycle, DeviceSettings settings, Clock clock,
            ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.store = store;
        this.registry = registry;
        this.devices = devices;
        this.scope = scope;
        this.orders = orders;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
    }

    // ------------------------------------------------------------------------------------------ views

    /** A step of the checklist: done or not, when and by whom. */
    record StepView(ChecklistStep step, boolean done, Instant at, String by, String note) {
    }

    /** An installation as the API shows it, with its order's case file, region, centre and status. */
    record InstallationView(UUID orderId, String expediente, String region, String monitoringCentre,
            OrderStatus orderStatus, InstallationStatus status, Instant dueSince, Instant deadline, boolean overdue,
            Instant appointmentAt, String place, String installer, String scheduledBy, Instant scheduledAt,
            String deviceId, Instant installedAt, String installedBy, Instant activatedAt, Instant activationFixAt,
            String activatedBy, Instant closedAt, String closeReason, List<StepView> checklist) {
    }

    /** Which installations: a status, only open ones, only overdue ones. */
    record Filter(InstallationStatus status, boolean openOnly, boolean overdueOnly, int limit) {
    }

    InstallationView get(Actor actor, UUID orderId) {
        OrderView order = visibleOrder(actor, orderId);
        Installation i = store.load(orderId, false)
                .orElseThrow(() -> new NotFoundException("order " + orderId + " has no installation (not ordered yet)"));
        return view(i, order);
    }

    List<InstallationView> list(Actor actor, Filter f) {
        OrderScope.SqlPredicate visible = scope.orderIdIn(actor, "i.order_id");
        StringBuilder where = new StringBuilder(visible.sql());
        Map<String, Object> params = new LinkedHashMap<>(visible.params());
        if (f.status() != null) {
            where.append(" AND i.status = :f_status");
            params.put("f_status", f.status().name());
        } else if (f.openOnly()) {
            where.append(" AND i.status IN ('DUE', 'SCHEDULED', 'INSTALLED')");
        }
        if (f.overdueOnly()) {
            where.append(" AND i.status IN ('DUE', 'SCHEDULED', 'INSTALLED') AND i.deadline < :f_now");
            params.put("f_now", DeviceRegistry.utc(clock.instant()));
        }
        List<InstallationView> out = new ArrayList<>();
        for (Installation i : store.where(where.toString(), params, f.limit())) {
            orders.find(i.orderId).ifPresent(o -> out.add(view(i, o)));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ commands

    /** The appointment: when, where, which installer and (optionally) which unit from the caller's stock. */
    record Appointment(Instant at, String place, String installer, String deviceId, String monitoringCentre,
            String note) {
    }

    InstallationView appoint(Actor actor, UUID orderId, Appointment a) {
        visibleOrder(actor, orderId); // out of scope answers as missing, whatever the body
        if (a == null || a.at() == null) {
            throw new InvalidInputException("at", "the date and time of the appointment are required");
        }
        String place = text(a.place(), "place", 300);
        String installer = text(a.installer(), "installer", 64);
        String note = text(a.note(), "note", 1000);
        Instant now = clock.instant();
        if (a.at().isBefore(now.minus(settings.assignmentBackdateTolerance()))) {
            throw new InvalidInputException("at", "an appointment is not set in the past");
        }
        return tx.execute(s -> {
            OrderView order = visibleOrder(actor, orderId);
            Installation current = store.load(orderId, true).orElseThrow(() -> notDue(order));
            if (!current.status.open() || current.status == InstallationStatus.INSTALLED) {
                throw new ConflictException("the installation of order " + orderId + " is " + current.status
                        + ": no appointment to set");
            }
            String device = reserveFor(actor, order, current.deviceId, a.deviceId(), "deviceId");
            lifecycle.scheduleInstallation(orderId, a.at(), a.monitoringCentre(), "appointment"
                    + (place == null ? "" : " at " + place) + (installer == null ? "" : " with " + installer)
                    + (note == null ? "" : ": " + note), actor);
            Installation i = store.load(orderId, true).orElseThrow();
            i.schedule(a.at(), place, installer, actor.username(), clock.instant());
            i.deviceId = device;
            store.update(i, clock.instant());
            events.publishEvent(new Audited("installation.appointment", "JudicialOrder", orderId.toString(),
                    "appointment " + a.at() + (place == null ? "" : " at " + place)
                            + (installer == null ? "" : ", installer " + installer)
                            + (device == null ? "" : ", device " + device)));
            return view(i, orders.find(orderId).orElseThrow());
        });
    }

    /** The unit is fitted: {@code at} (default now) no earlier than the back-date tolerance. */
    record Fitting(String deviceId, String victimDeviceId, Instant at, String note) {
    }

    InstallationView installed(Actor actor, UUID orderId, Fitting f) {
        visibleOrder(actor, orderId); // out of scope answers as missing, whatever the body
        Fitting fit = f == null ? new Fitting(null, null, null, null) : f;
        String note = text(fit.note(), "note", 1000);
        Instant now = clock.instant();
        Instant at = fit.at() == null ? now : fit.at().truncatedTo(ChronoUnit.MICROS);
        if (at.isBefore(now.minus(settings.assignmentBackdateTolerance()))) {
            throw new InvalidInputException("at", "may be at most " + settings.assignmentBackdateTolerance().toMinutes()
                    + " minutes before now: an installation does not claim past positions");
        }
        if (at.isAfter(now.plusSeconds(60))) {
            throw new InvalidInputException("at", "an installation is recorded once it is done, not ahead");
        }
        return tx.execute(s -> {
            OrderView order = visibleOrder(actor, orderId);
            Installation i = store.load(orderId, true).orElseThrow(() -> notDue(order));
            if (i.status != InstallationStatus.DUE && i.status != InstallationStatus.SCHEDULED) {
                throw new ConflictException("the installation of order " + orderId + " is " + i.status
                        + (i.deviceId == null ? "" : " with device " + i.deviceId));
            }
            String device = fit.deviceId() == null || fit.deviceId().isBlank() ? i.deviceId : fit.deviceId().strip();
            if (device == null) {
                throw new InvalidInputException("deviceId", "which unit was fitted? none is reserved for this order");
            }
            device = reserveFor(actor, order, i.deviceId, device, "deviceId");
            if (order.status() == OrderStatus.ORDERED) {
                lifecycle.scheduleInstallation(orderId, at, null, "installed without an appointment", actor);
            }
            String resolution = devices.resolutionOf(order, null);
            registry.assign(device, orderId, AssignmentRole.PERSON_UNIT, at, null, resolution, actor.username());
            if (fit.victimDeviceId() != null && !fit.victimDeviceId().isBlank()) {
                if (!order.hasVictim()) {
                    throw new InvalidInputException("victimDeviceId", "order " + orderId + " protects no victim");
                }
                String victimUnit = devices.visible(actor, fit.victimDeviceId().strip()).uniqueId();
                registry.assign(victimUnit, orderId, AssignmentRole.VICTIM_UNIT, at, null, resolution,
                        actor.username());
            }
            events.publishEvent(new Audited("installation.installed", "JudicialOrder", orderId.toString(),
                    "device " + device + " fitted at " + at + (note == null ? "" : ": " + note)));
            return view(store.load(orderId, false).orElseThrow(), orders.find(orderId).orElseThrow());
        });
    }

    InstallationView tick(Actor actor, UUID orderId, ChecklistStep step, String note) {
        visibleOrder(actor, orderId); // out of scope answers as missing, whatever the body
        String n = text(note, "note", 1000);
        return tx.execute(s -> {
            OrderView order = visibleOrder(actor, orderId);
            Installation i = store.load(orderId, true).orElseThrow(() -> notDue(order));
            Installation.Step done = i.tick(step, clock.instant().truncatedTo(ChronoUnit.MICROS), actor.username(), n);
            store.insertStep(orderId, done);
            store.update(i, clock.instant());
            events.publishEvent(new Audited("installation.checklist", "JudicialOrder", orderId.toString(),
                    step + " checked off" + (n == null ? "" : ": " + n)));
            return view(i, order);
        });
    }

    /**
     * Reserves a unit from stock for the order's installation (IN_STOCK → RESERVED; the unit reserved before, if any,
     * goes back to stock), while the installation is due or scheduled. The unit is named by its id (the serial on the
     * box the installer holds): an operator of the contractor draws on the stock held by the order's region without
     * browsing it (see {@link #stockUnit}); a unit out of the caller's reach answers as one that does not exist.
     */
    InstallationView reserve(Actor actor, UUID orderId, String deviceId) {
        visibleOrder(actor, orderId); // out of scope answers as missing, whatever the body
        String id = text(deviceId, "deviceId", 40);
        if (id == null) {
            throw new InvalidInputException("deviceId", "the unit to reserve is required");
        }
        return tx.execute(s -> {
            OrderView order = visibleOrder(actor, orderId);
            Installation i = store.load(orderId, true).orElseThrow(() -> notDue(order));
            if (i.status != InstallationStatus.DUE && i.status != InstallationStatus.SCHEDULED) {
                throw new ConflictException("the installation of order " + orderId + " is " + i.status
                        + ": its unit is no longer reserved from stock");
            }
            RegisteredDevice d = stockUnit(actor, order, id)
                    .orElseThrow(() -> new NotFoundException("device " + id + " is not registered"));
            if (!d.uniqueId().equals(i.deviceId) || d.status() != DeviceStatus.RESERVED) {
                i.deviceId = reserve(actor, order, i.deviceId, d);
                store.update(i, clock.instant());
                events.publishEvent(new Audited("installation.reservation", "JudicialOrder", orderId.toString(),
                        "device " + d.uniqueId() + " reserved for the installation"));
            }
            return view(i, order);
        });
    }

    /** Gives up the unit reserved for the order's installation: RESERVED → IN_STOCK, with the reason. */
    InstallationView release(Actor actor, UUID orderId, String reason) {
        visibleOrder(actor, orderId); // out of scope answers as missing, whatever the reason
        String why = text(reason, "reason", 500);
        return tx.execute(s -> {
            OrderView order = visibleOrder(actor, orderId);
            Installation i = store.load(orderId, true).orElseThrow(() -> notDue(order));
            String reserved = i.deviceId;
            boolean isReserved = reserved != null && registry.find(reserved)
                    .filter(d -> d.status() == DeviceStatus.RESERVED && orderId.equals(d.orderId())).isPresent();
            if (!isReserved) {
                throw new ConflictException("no unit is reserved for order " + orderId
                        + (reserved == null ? "" : " (device " + reserved + " is past its reservation)"));
            }
            registry.release(reserved, actor.username(), why == null
                    ? "reservation for order " + orderId + " released" : why);
            i.deviceId = null;
            store.update(i, clock.instant());
            events.publishEvent(new Audited("installation.reservation.released", "JudicialOrder", orderId.toString(),
                    "device " + reserved + " back in stock" + (why == null ? "" : ": " + why)));
            return view(i, order);
        });
    }

    /**
     * A unit the caller may reserve for the order, if any: one they see (ADMIN any; a supervisor their region's
     * stock); for the contractor's operator, whose installers fit the units, also a unit in stock held by the
     * order's region, or one reserved for an order of theirs. Anything else is out of reach (as if unregistered).
     */
    private Optional<RegisteredDevice> stockUnit(Actor actor, OrderView order, String id) {
        try {
            return Optional.of(devices.visible(actor, id));
        } catch (NotFoundException e) {
            if (!actor.is(Role.OPERATOR)) {
                return Optional.empty();
            }
        }
        return registry.find(id).filter(d -> d.status() == DeviceStatus.IN_STOCK && order.region() != null
                && order.region().equals(d.holdingRegion())
                || d.status() == DeviceStatus.RESERVED && d.orderId() != null && scope.canSee(actor, d.orderId()));
    }

    /** Reserves {@code d} for the order, releasing the unit reserved before (if still reserved). */
    private String reserve(Actor actor, OrderView order, String reserved, RegisteredDevice d) {
        String id = d.uniqueId();
        if (d.status() == DeviceStatus.RESERVED && order.id().equals(d.orderId())) {
            return id;
        }
        if (d.status() != DeviceStatus.IN_STOCK) {
            throw new ConflictException("device " + id + " is " + d.status() + ", not in stock: a device serves one "
                    + "order at a time");
        }
        if (reserved != null && !reserved.equals(id)) {
            registry.find(reserved).filter(r -> r.status() == DeviceStatus.RESERVED)
                    .ifPresent(r -> registry.release(reserved, actor.username(), "another unit reserved for order "
                            + order.id()));
        }
        registry.reserve(id, order.id(), actor.username(), "reserved for the installation of order " + order.id());
        return id;
    }

    /**
     * The unit reserved for the order: the one asked for (reserved now, the previous reservation released) or, when
     * none is asked for, the one already reserved. A unit out of the caller's reach ({@link #stockUnit}) answers as
     * one that does not exist.
     */
    private String reserveFor(Actor actor, OrderView order, String reserved, String asked, String field) {
        if (asked == null || asked.isBlank()) {
            return reserved;
        }
        String id = asked.strip();
        if (id.equals(reserved)) {
            return id;
        }
        RegisteredDevice d = stockUnit(actor, order, id).orElseThrow(() -> new InvalidInputException(field,
                "no device " + id + " in the caller's stock"));
        return reserve(actor, order, reserved, d);
    }

    // ------------------------------------------------------------------------------------------ the order's lifecycle

    /** The measure is ordered: an installation is due, with its deadline. */
    void ordered(UUID orderId, Instant at) {
        if (store.load(orderId, true).isEmpty()) {
            store.insert(Installation.due(orderId, at, settings.installationDeadline()), clock.instant());
        }
    }

    /** The order's history was re-dated (demo data only): the installation is due from when it now says. */
    void redated(UUID orderId, Instant orderedAt) {
        store.load(orderId, true).ifPresent(i -> {
            i.dueSince = orderedAt;
            i.deadline = orderedAt.plus(settings.installationDeadline());
            store.update(i, clock.instant());
        });
    }

    /** Scheduled through the order itself (no place or installer given): the appointment is the order's. */
    void scheduledByOrder(UUID orderId, Instant at) {
        Installation i = store.load(orderId, true).orElse(null);
        if (i == null) {
            i = Installation.due(orderId, at, settings.installationDeadline());
            store.insert(i, clock.instant());
        }
        if (i.status == InstallationStatus.DUE || i.status == InstallationStatus.SCHEDULED) {
            Instant appointment = orders.find(orderId).map(OrderView::installationAt).orElse(at);
            i.schedule(appointment, i.place, i.installer, Actors.current().username(), at);
            store.update(i, clock.instant());
        }
    }

    /** Monitoring started (by the first fix, or by hand through the order): devices and installation follow. */
    void activatedByOrder(UUID orderId, Instant at) {
        Installation i = store.load(orderId, true).orElse(null);
        if (i != null && i.status.open()) {
            i.activated(at, null, Actors.current().username());
            store.update(i, clock.instant());
            overdueEnded(i, at);
        }
        registry.activateOrder(orderId, Actors.current().username(), "the order's monitoring started");
    }

    /** The measure ended or was revoked: the installation closes and the devices come off (or back to stock). */
    void ended(UUID orderId, OrderStatus to, Instant at) {
        Installation i = store.load(orderId, true).orElse(null);
        if (i != null) {
            boolean wasOpen = i.status.open();
            i.close(to.name(), at);
            store.update(i, clock.instant());
            if (wasOpen) {
                overdueEnded(i, at);
            }
        }
        registry.endOrder(orderId, Actors.current().username(), to == OrderStatus.REVOKED
                ? "removal on revocation of order " + orderId : "removal at the end of the measure of order " + orderId);
    }

    // ------------------------------------------------------------------------------------------ activation

    /**
     * The installed person's unit sent a valid fix with the strap closed at {@code fixTime}: monitoring starts (the
     * order becomes ACTIVE, its installed units too). False when the device is not (or no longer) waiting for it.
     */
    boolean activateFromFix(String deviceId, Instant fixTime) {
        return Actors.runAs(Actor.SYSTEM, () -> {
            try {
                return Boolean.TRUE.equals(tx.execute(s -> activate(deviceId, fixTime)));
            } catch (RuntimeException e) {
                log.warn("device {}: could not start monitoring on its fix of {}: {}", deviceId, fixTime, e.toString());
                return false;
            }
        });
    }

    private boolean activate(String deviceId, Instant fixTime) {
        RegisteredDevice d = registry.find(deviceId).orElse(null);
        if (d == null || d.status() != DeviceStatus.INSTALLED || d.orderId() == null) {
            return false;
        }
        UUID orderId = d.orderId();
        Optional<Assignment> unit = registry.assignmentsOf(orderId).stream()
                .filter(a -> a.deviceId().equals(deviceId) && a.role() == AssignmentRole.PERSON_UNIT
                        && a.until() == null)
                .findFirst();
        if (unit.isEmpty() || fixTime.isBefore(unit.get().from())) {
            return false; // a victim's unit, or a position taken before it was fitted
        }
        Installation i = store.load(orderId, true).orElse(null);
        OrderView order = orders.find(orderId).orElse(null);
        if (order == null) {
            return false;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String note = "monitoring started: first valid fix with the strap closed at " + fixTime + " (device "
                + deviceId + ")";
        if (i != null && i.status.open()) {
            i.activated(now, fixTime, Actor.SYSTEM.username());
            store.update(i, now);
            overdueEnded(i, now);
        }
        registry.activateOrder(orderId, Actor.SYSTEM.username(), note);
        if (order.status() == OrderStatus.ORDERED) {
            lifecycle.scheduleInstallation(orderId, unit.get().from(), null, "installed", Actor.SYSTEM);
        }
        if (order.status() == OrderStatus.ORDERED || order.status() == OrderStatus.INSTALLATION_SCHEDULED) {
            lifecycle.startMonitoring(orderId, note, Actor.SYSTEM);
        }
        log.info("order {} active: {}", orderId, note);
        return true;
    }

    // ------------------------------------------------------------------------------------------ deadline

    /** Raises (once) every installation past its deadline without monitoring; returns how many. */
    int checkDeadlines() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int raised = 0;
        for (UUID orderId : store.newlyOverdue(now)) {
            Boolean done = Actors.runAs(Actor.SYSTEM, () -> tx.execute(s -> {
                Installation i = store.load(orderId, true).orElse(null);
                if (i == null || !i.newlyOverdue(now)) {
                    return false;
                }
                i.overdueAlarmAt = now;
                store.update(i, now);
                events.publishEvent(new Audited("installation.overdue", "JudicialOrder", orderId.toString(),
                        i.status + " past its deadline of " + i.deadline));
                events.publishEvent(new InstallationOverdue(orderId, i.status, i.dueSince, i.deadline, i.deviceId,
                        now));
                return true;
            }));
            if (Boolean.TRUE.equals(done)) {
                raised++;
            }
        }
        return raised;
    }

    private void overdueEnded(Installation i, Instant at) {
        if (i.overdueAlarmAt != null) {
            events.publishEvent(new InstallationOverdueEnded(i.orderId, at));
        }
    }

    // ------------------------------------------------------------------------------------------ internals

    private OrderView visibleOrder(Actor actor, UUID orderId) {
        if (orderId == null || !scope.canSee(actor, orderId)) {
            throw new NotFoundException("no order " + orderId);
        }
        return orders.find(orderId).orElseThrow(() -> new NotFoundException("no order " + orderId));
    }

    private static ConflictException notDue(OrderView order) {
        return new ConflictException("order " + order.id() + " is " + order.status()
                + ": an installation is due once the measure is ordered");
    }

    private static String text(String value, String field, int max) {
        String problem = NewDevice.checkText(value, max);
        if (problem != null) {
            throw new InvalidInputException(field, problem);
        }
        return NewDevice.blankToNull(value);
    }

    InstallationView view(Installation i, OrderView o) {
        List<StepView> steps = new ArrayList<>();
        for (ChecklistStep s : ChecklistStep.values()) {
            Installation.Step done = i.steps.get(s);
            steps.add(done == null ? new StepView(s, false, null, null, null)
                    : new StepView(s, true, done.at(), done.by(), done.note()));
        }
        boolean overdue = i.status.open() && clock.instant().isAfter(i.deadline);
        return new InstallationView(i.orderId, o.expediente(), o.region(), o.monitoringCentre(), o.status(), i.status,
                i.dueSince, i.deadline, overdue, i.appointmentAt, i.place, i.installer, i.scheduledBy, i.scheduledAt,
                i.deviceId, i.installedAt, i.installedBy, i.activatedAt, i.activationFixAt, i.activatedBy, i.closedAt,
                i.closeReason, steps);
    }
}
