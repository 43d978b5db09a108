package org.alterna.devices;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.alterna.orders.OrderStatus;
import org.alterna.orders.OrderTimeline;

/**
 * The activation funnel, recomputed from the orders' history, their installations and the devices each time (no
 * hand-kept counter): how many cases reached each stage from the court's request to active monitoring, the conversion
 * between stages, the median and 90th percentile of the time spent in each, the oldest cases waiting and why, the
 * stock against the installation backlog per region, and when the stock runs out at the current rate. A pure
 * function of its inputs: {@link FunnelService} loads them within the caller's scope.
 * <p>
 * Percentiles are nearest-rank (the median of 4 values is the 2nd): every figure is one real case's duration.
 */
final class Funnel {

    /** The path of a case, in order; COMPLETED and REVOKED are its outcomes. */
    enum Stage {
        REQUESTED, VIABILITY_REPORTED, ORDERED, INSTALLATION_SCHEDULED, INSTALLED, ACTIVE, COMPLETED, REVOKED;

        static final List<Stage> PATH = List.of(REQUESTED, VIABILITY_REPORTED, ORDERED, INSTALLATION_SCHEDULED,
                INSTALLED, ACTIVE);
    }

    /** How figures are broken down. */
    enum GroupBy {
        PENAL_CENTRE, REGION, COURT, MONTH
    }

    /** Why a case waits, as a code the console translates; {@code detail} adds a fact (a date, a device). */
    enum WaitReason {
        VIABILITY_PENDING, VIABILITY_NOT_VIABLE, RESOLUTION_PENDING, NO_APPOINTMENT, APPOINTMENT_SET,
        APPOINTMENT_MISSED, AWAITING_FIRST_FIX, SUSPENDED
    }

    /** What is needed of an installation (from {@link Installation}). */
    record InstallationFacts(Instant installedAt, Instant appointmentAt, Instant deadline, String deviceId) {
    }

    /** What is needed of a device: its state, since when, and the region holding it. */
    record DeviceFacts(String id, DeviceStatus status, Instant since, String region) {
    }

    /** The stage counts of one group (or of all). */
    record StageFigure(Stage stage, int reached, int waitingNow, Double conversion, Double medianHours,
            Double p90Hours, int measured) {
    }

    record Group(String key, String label, List<StageFigure> stages) {
    }

    /** A case waiting longest in its stage. */
    record Waiting(UUID orderId, String expediente, String region, String penalCentre, String courtCode, Stage stage,
            Instant since, double waitingHours, boolean overdue, WaitReason reason, String detail) {
    }

    /**
     * Stock of a region (null: held by no region): in stock, of which idle (longer than the idle period), reserved,
     * in use (installed or active), removed and not yet back, in repair, lost or damaged; the installation backlog
     * (ordered cases of the region without a fitted unit); installations and returns to stock per day over the
     * forecast window, and the day the stock runs out at that rate (null: it does not, at that rate).
     */
    record Stock(String region, int inStock, int idle, int reserved, int inUse, int removed, int inRepair,
            int lostOrDamaged, int backlog, double installsPerDay, double returnsPerDay, Double daysOfStock,
            Instant runsOutAt, boolean backlogExceedsStock) {
    }

    record Figures(Instant computedAt, int cases, List<StageFigure> stages, int completed, int revoked,
            GroupBy groupBy, List<Group> groups, List<Waiting> oldestWaiting, List<Stock> stock, Stock stockTotal,
            long idleDays, long forecastDays) {
    }

    /** One device movement into INSTALLED (an installation) or IN_STOCK (a return) within the forecast window. */
    record Flow(String region, DeviceStatus to, Instant at) {
    }

    private Funnel() {
    }

    /** The stage timestamps of one case (null where never reached). */
    static Map<Stage, Instant> reached(OrderTimeline o, InstallationFacts inst) {
        Map<Stage, Instant> at = new EnumMap<>(Stage.class);
        at.put(Stage.REQUESTED, o.createdAt());
        put(at, Stage.VIABILITY_REPORTED, o.firstAt(OrderStatus.VIABILITY_REPORTED));
        put(at, Stage.ORDERED, o.firstAt(OrderStatus.ORDERED));
        put(at, Stage.INSTALLATION_SCHEDULED, o.firstAt(OrderStatus.INSTALLATION_SCHEDULED));
        put(at, Stage.INSTALLED, inst == null ? null : inst.installedAt());
        put(at, Stage.ACTIVE, o.firstAt(OrderStatus.ACTIVE));
        put(at, Stage.COMPLETED, o.firstAt(OrderStatus.COMPLETED));
        put(at, Stage.REVOKED, o.firstAt(OrderStatus.REVOKED));
        // a later stage implies the earlier ones of the path (an installation recorded before its schedule, or an
        // order activated by hand without a fitting on record): an earlier stage never appears missing or later
        Instant later = null;
        for (int i = Stage.PATH.size() - 1; i >= 0; i--) {
            Stage s = Stage.PATH.get(i);
            Instant t = at.get(s);
            if (t == null && later != null) {
                at.put(s, later);
            } else if (t != null && later != null && t.isAfter(later)) {
                at.put(s, later);
            }
            if (at.get(s) != null) {
                later = at.get(s);
            }
        }
        return at;
    }

    /** The stage the case is in now. */
    static Stage current(OrderTimeline o, Map<Stage, Instant> at) {
        return switch (o.status()) {
            case COMPLETED -> Stage.COMPLETED;
            case REVOKED -> Stage.REVOKED;
            case ACTIVE, SUSPENDED -> Stage.ACTIVE;
            case INSTALLATION_SCHEDULED -> at.get(Stage.INSTALLED) != null ? Stage.INSTALLED
                    : Stage.INSTALLATION_SCHEDULED;
            case ORDERED -> at.get(Stage.INSTALLED) != null ? Stage.INSTALLED : Stage.ORDERED;
            case VIABILITY_REPORTED -> Stage.VIABILITY_REPORTED;
            case REQUESTED -> Stage.REQUESTED;
        };
    }

    static Figures compute(List<OrderTimeline> orders, Map<UUID, InstallationFacts> installations,
            List<DeviceFacts> devices, List<Flow> flows, Instant now, GroupBy groupBy, Duration idleAfter,
            Duration forecastWindow, int oldestLimit, Function<Instant, String> month) {
        List<Case> cases = new ArrayList<>();
        for (OrderTimeline o : orders) {
            InstallationFacts inst = installations.get(o.id());
            Map<Stage, Instant> at = reached(o, inst);
            cases.add(new Case(o, inst, at, current(o, at)));
        }
        List<StageFigure> stages = stageFigures(cases, now);
        int completed = (int) cases.stream().filter(c -> c.now == Stage.COMPLETED).count();
        int revoked = (int) cases.stream().filter(c -> c.now == Stage.REVOKED).count();

        Map<String, List<Case>> byGroup = new TreeMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Case c : cases) {
            String key;
            String label;
            switch (groupBy) {
                case REGION -> {
                    key = c.order.region() == null ? "" : c.order.region();
                    label = key;
                }
                case COURT -> {
                    key = c.order.courtCode() == null ? "" : c.order.courtCode();
                    label = key;
                }
                case MONTH -> {
                    key = month.apply(c.order.createdAt());
                    label = key;
                }
                default -> {
                    key = c.order.penalCentreId() == null ? "" : c.order.penalCentreId().toString();
                    label = c.order.penalCentreName() == null ? "" : c.order.penalCentreName();
                }
            }
            byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
            labels.put(key, label);
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((k, list) -> groups.add(new Group(k, labels.get(k), stageFigures(list, now))));

        List<Waiting> waiting = new ArrayList<>();
        for (Case c : cases) {
            if (c.now == Stage.COMPLETED || c.now == Stage.REVOKED || c.order.status() == OrderStatus.ACTIVE) {
                continue;
            }
            Instant since = c.order.status() == OrderStatus.SUSPENDED ? lastChange(c.order) : c.at.get(c.now);
            if (since == null) {
                continue;
            }
            boolean overdue = c.inst != null && c.inst.deadline() != null && now.isAfter(c.inst.deadline())
                    && c.order.status() != OrderStatus.SUSPENDED;
            WaitReason reason;
            String detail = null;
            if (c.order.status() == OrderStatus.SUSPENDED) {
                reason = WaitReason.SUSPENDED;
            } else {
                switch (c.now) {
                    case REQUESTED -> reason = WaitReason.VIABILITY_PENDING;
                    case VIABILITY_REPORTED -> reason = "NOT_VIABLE".equals(c.order.latestViability())
                            ? WaitReason.VIABILITY_NOT_VIABLE : WaitReason.RESOLUTION_PENDING;
                    case ORDERED -> reason = WaitReason.NO_APPOINTMENT;
                    case INSTALLATION_SCHEDULED -> {
                        Instant appt = c.inst == null ? null : c.inst.appointmentAt();
                        reason = appt != null && appt.isBefore(now) ? WaitReason.APPOINTMENT_MISSED
                                : WaitReason.APPOINTMENT_SET;
                        detail = appt == null ? null : appt.toString();
                    }
                    default -> {
                        reason = WaitReason.AWAITING_FIRST_FIX;
                        detail = c.inst == null ? null : c.inst.deviceId();
                    }
                }
            }
            waiting.add(new Waiting(c.order.id(), c.order.expediente(), c.order.region(), c.order.penalCentreName(),
                    c.order.courtCode(), c.now, since, hours(Duration.between(since, now)), overdue, reason, detail));
        }
        waiting.sort(Comparator.comparing(Waiting::since).thenComparing(w -> w.orderId().toString()));
        List<Waiting> oldest = waiting.subList(0, Math.min(oldestLimit, waiting.size()));

        List<Stock> stock = stock(cases, devices, flows, now, idleAfter, forecastWindow);
        int installs = 0;
        int returns = 0;
        for (Flow f : flows) {
            if (!f.at().isBefore(now.minus(forecastWindow)) && !f.at().isAfter(now)) {
                installs += f.to() == DeviceStatus.INSTALLED ? 1 : 0;
                returns += f.to() == DeviceStatus.IN_STOCK ? 1 : 0;
            }
        }
        Stock total = total(stock, installs, returns, forecastWindow, now);
        return new Figures(now, cases.size(), stages, completed, revoked, groupBy, groups, List.copyOf(oldest), stock,
                total, idleAfter.toDays(), forecastWindow.toDays());
    }

    private static List<StageFigure> stageFigures(List<Case> cases, Instant now) {
        List<StageFigure> out = new ArrayList<>();
        Integer previous = null;
        for (int i = 0; i < Stage.PATH.size(); i++) {
            Stage s = Stage.PATH.get(i);
            int reached = 0;
            int waitingNow = 0;
            List<Double> durations = new ArrayList<>();
            for (Case c : cases) {
                Instant t = c.at.get(s);
                if (t == null) {
                    continue;
                }
                reached++;
                if (c.now == s) {
                    waitingNow++;
                }
                Instant left = leftAt(c, i);
                if (left != null) {
                    durations.add(hours(Duration.between(t, left)));
                }
            }
            durations.sort(null);
            Double conversion = previous == null ? null : previous == 0 ? null : (double) reached / previous;
            out.add(new StageFigure(s, reached, waitingNow, round(conversion, 4), round(percentile(durations, 0.5), 2),
                    round(percentile(durations, 0.9), 2), durations.size()));
            previous = reached;
        }
        return out;
    }

    /** When the case left the path stage {@code i}: the next stage it reached, or (active) its end; else null. */
    private static Instant leftAt(Case c, int i) {
        for (int j = i + 1; j < Stage.PATH.size(); j++) {
            Instant t = c.at.get(Stage.PATH.get(j));
            if (t != null) {
                return t;
            }
        }
        Instant end = c.at.get(Stage.COMPLETED) != null ? c.at.get(Stage.COMPLETED) : c.at.get(Stage.REVOKED);
        // a case revoked before monitoring leaves its stage then too: the time it spent there is real
        return end;
    }

    private static List<Stock> stock(List<Case> cases, List<DeviceFacts> devices, List<Flow> flows, Instant now,
            Duration idleAfter, Duration window) {
        Map<String, int[]> counts = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        for (DeviceFacts d : devices) {
            int[] c = counts.computeIfAbsent(d.region(), k -> new int[8]);
            switch (d.status()) {
                case IN_STOCK -> {
                    c[0]++;
                    if (d.since() != null && d.since().plus(idleAfter).isBefore(now)) {
                        c[1]++;
                    }
                }
                case RESERVED -> c[2]++;
                case INSTALLED, ACTIVE -> c[3]++;
                case REMOVED -> c[4]++;
                case IN_REPAIR -> c[5]++;
                case LOST, DAMAGED -> c[6]++;
                default -> { }
            }
        }
        for (Case c : cases) {
            // the backlog: measures ordered (and not ended) whose unit is not fitted yet
            if (c.now == Stage.ORDERED || c.now == Stage.INSTALLATION_SCHEDULED) {
                counts.computeIfAbsent(c.order.region(), k -> new int[8])[7]++;
            }
        }
        Map<String, int[]> flowCounts = new java.util.HashMap<>();
        Instant windowStart = now.minus(window);
        for (Flow f : flows) {
            if (f.at().isBefore(windowStart) || f.at().isAfter(now)) {
                continue;
            }
            int[] fc = flowCounts.computeIfAbsent(f.region() == null ? "\u0000" : f.region(), k -> new int[2]);
            if (f.to() == DeviceStatus.INSTALLED) {
                fc[0]++;
            } else if (f.to() == DeviceStatus.IN_STOCK) {
                fc[1]++;
            }
            counts.computeIfAbsent(f.region(), k -> new int[8]);
        }
        List<Stock> out = new ArrayList<>();
        counts.forEach((region, c) -> {
            int[] fc = flowCounts.getOrDefault(region == null ? "\u0000" : region, new int[2]);
            out.add(stockOf(region, c, fc[0], fc[1], window, now));
        });
        return out;
    }

    private static Stock stockOf(String region, int[] c, int installs, int returns, Duration window, Instant now) {
        double days = Math.max(1, window.toDays());
        double installsPerDay = installs / days;
        double returnsPerDay = returns / days;
        double net = installsPerDay - returnsPerDay;
        Double daysOfStock = net > 0 ? round((double) c[0] / net, 1) : null;
        Instant runsOut = daysOfStock == null ? null
                : now.plus(Duration.ofMinutes(Math.round(daysOfStock * 24 * 60)));
        return new Stock(region, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], round(installsPerDay, 3),
                round(returnsPerDay, 3), daysOfStock, runsOut, c[7] > c[0] + c[2]);
    }

    private static Stock total(List<Stock> stock, int installs, int returns, Duration window, Instant now) {
        int[] c = new int[8];
        for (Stock s : stock) {
            c[0] += s.inStock();
            c[1] += s.idle();
            c[2] += s.reserved();
            c[3] += s.inUse();
            c[4] += s.removed();
            c[5] += s.inRepair();
            c[6] += s.lostOrDamaged();
            c[7] += s.backlog();
        }
        return stockOf(null, c, installs, returns, window, now);
    }

    /** Nearest-rank percentile of sorted values; null when there are none. */
    static Double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static Instant lastChange(OrderTimeline o) {
        return o.changes().isEmpty() ? o.createdAt() : o.changes().get(o.changes().size() - 1).at();
    }

    private static double hours(Duration d) {
        return d.toSeconds() / 3600.0;
    }

    private static Double round(Double v, int places) {
        if (v == null) {
            return null;
        }
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    private static void put(Map<Stage, Instant> at, Stage s, Instant t) {
        if (t != null) {
            at.put(s, t);
        }
    }

    private record Case(OrderTimeline order, InstallationFacts inst, Map<Stage, Instant> at, Stage now) {
    }
}
