package org.alterna.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.alterna.orders.OrderStatus;

/**
 * The figures of a compliance report, computed on the server from the stored positions and alarms of one period: fed
 * every position of the person's unit in device-time order ({@link #accept}), then {@link #finish finished} with the
 * case. Pure: no I/O, so the same figures come from the same data.
 * <ul>
 * <li><b>monitored time</b>: the time the order was ACTIVE within the period (up to now);</li>
 * <li><b>non-compliance</b>: the union of the intervals of violation alarms (zones, victim, route, strap) that were
 * confirmed, plus those not yet resolved (shown apart); alarms resolved as false, technical or authorised are not
 * counted against the person;</li>
 * <li><b>communication gaps</b>: periods longer than the order's silence limit without any record reaching the server;
 * <b>no-fix gaps</b>: periods longer than the no-fix limit without a valid GPS position;</li>
 * <li><b>battery</b>: episodes at or below the low-battery level (left once 5 points above), the lowest reading,
 * charging sessions started, and the battery and charging alarms.</li>
 * </ul>
 */
final class ComplianceFigures {
    /** Alarm types that are a breach of the order by the person (the rest are technical). */
    static final Set<String> VIOLATIONS = Set.of("INCLUSION_ZONE", "EXCLUSION_ZONE", "VICTIM_PROXIMITY",
            "ROUTE_DEVIATION", "STRAP_TAMPER");
    static final Set<String> BATTERY = Set.of("LOW_BATTERY", "BATTERY_CRITICAL", "NOT_CHARGING");
    static final Set<String> NOT_AGAINST_PERSON = Set.of("FALSE_ALARM", "TECHNICAL", "AUTHORISED");

    private final int lowBatteryPercent;
    private long[] arrivals = new long[1024];
    private int arrivalCount;
    private long[] gpsFixes = new long[1024];
    private int gpsCount;
    private long fixes;
    private long valid;
    private final Map<String, Long> bySource = new TreeMap<>();
    private final int[] accuracyHistogram = new int[1001];
    private long withAccuracy;
    private boolean lowEpisode;
    private int lowEpisodes;
    private Integer minBattery;
    private Instant minBatteryAt;
    private Boolean lastCharging;
    private int chargingSessions;
    private String lastStrap;
    private int strapOpenings;
    private Boolean lastPower;
    private String lastDeviceAlarms;
    private final List<DeviceEvent> events = new ArrayList<>();

    ComplianceFigures(int lowBatteryPercent) {
        this.lowBatteryPercent = lowBatteryPercent;
    }

    /** An event of the device derived from its positions (strap, charging, power, battery, the device's own alarms). */
    record DeviceEvent(String deviceId, Instant time, String event, String value) {
    }

    /** A run of time without something (communication, a valid GPS position). */
    record Gaps(int count, Duration total, Instant longestFrom, Instant longestTo) {
        Duration longest() {
            return longestFrom == null ? Duration.ZERO : Duration.between(longestFrom, longestTo);
        }
    }

    /** The finished figures. */
    record Figures(Duration monitored, Duration confirmedBreach, Duration unresolvedBreach, double compliantShare,
            long fixes, long validFixes, Map<String, Long> fixesBySource, Double medianAccuracy,
            Map<String, Long> alarmsByType, Map<String, Long> confirmedByType, Map<String, Long> alarmsByResolution,
            long unresolvedAlarms, Gaps communicationGaps, int communicationLimitMinutes, Gaps noFixGaps,
            int noFixLimitMinutes, int lowBatteryEpisodes, int lowBatteryPercent, Integer minBattery,
            Instant minBatteryAt, int chargingSessions, int strapOpenings, Map<String, Long> batteryAlarms,
            long warnings, List<Interval> monitoredIntervals) {

        double days() {
            return monitored.toSeconds() / 86_400.0;
        }
    }

    record Interval(Instant from, Instant to) {
        Duration length() {
            return Duration.between(from, to);
        }
    }

    void accept(CaseRecords.FixRow f) {
        fixes++;
        arrivalCount = add(arrivals = grow(arrivals, arrivalCount), arrivalCount,
                (f.received() == null ? f.time() : f.received()).toEpochMilli());
        String source = f.source() == null ? "GPS" : f.source();
        bySource.merge(source, 1L, Long::sum);
        if (f.valid()) {
            valid++;
            if (source.equals("GPS")) {
                gpsCount = add(gpsFixes = grow(gpsFixes, gpsCount), gpsCount, f.time().toEpochMilli());
            }
        }
        if (f.accuracy() != null) {
            withAccuracy++;
            accuracyHistogram[(int) Math.min(1000, Math.max(0, Math.round(f.accuracy())))]++;
        }
        if (f.battery() != null) {
            int b = f.battery();
            if (minBattery == null || b < minBattery) {
                minBattery = b;
                minBatteryAt = f.time();
            }
            if (!lowEpisode && b <= lowBatteryPercent) {
                lowEpisode = true;
                lowEpisodes++;
                events.add(new DeviceEvent(f.deviceId(), f.time(), "BATTERY_LOW", b + "%"));
            } else if (lowEpisode && b > lowBatteryPercent + 5) {
                lowEpisode = false;
                events.add(new DeviceEvent(f.deviceId(), f.time(), "BATTERY_RECOVERED", b + "%"));
            }
        }
        if (f.charging() != null) {
            if (Boolean.TRUE.equals(f.charging()) && !Boolean.TRUE.equals(lastCharging)) {
                chargingSessions++;
            }
            if (lastCharging != null && !lastCharging.equals(f.charging())) {
                events.add(new DeviceEvent(f.deviceId(), f.time(), f.charging() ? "CHARGING_STARTED"
                        : "CHARGING_STOPPED", f.battery() == null ? null : f.battery() + "%"));
            }
            lastCharging = f.charging();
        }
        if (f.externalPower() != null) {
            if (lastPower != null && !lastPower.equals(f.externalPower())) {
                events.add(new DeviceEvent(f.deviceId(), f.time(), f.externalPower() ? "POWER_CONNECTED"
                        : "POWER_DISCONNECTED", null));
            }
            lastPower = f.externalPower();
        }
        if (f.strap() != null) {
            if ("OPEN".equals(f.strap()) && !"OPEN".equals(lastStrap)) {
                strapOpenings++;
                events.add(new DeviceEvent(f.deviceId(), f.time(), "STRAP_OPEN", null));
            } else if ("CLOSED".equals(f.strap()) && "OPEN".equals(lastStrap)) {
                events.add(new DeviceEvent(f.deviceId(), f.time(), "STRAP_CLOSED", null));
            }
            lastStrap = f.strap();
        }
        String alarms = f.deviceAlarms() == null || f.deviceAlarms().isBlank() ? null : f.deviceAlarms();
        if (alarms != null && !alarms.equals(lastDeviceAlarms)) {
            events.add(new DeviceEvent(f.deviceId(), f.time(), "DEVICE_ALARM", alarms));
        }
        lastDeviceAlarms = alarms;
    }

    List<DeviceEvent> deviceEvents() {
        return events;
    }

    Figures finish(CaseRecords.Case c, Instant now, int communicationLimitMinutes, int noFixLimitMinutes) {
        Instant end = c.to().isAfter(now) ? now : c.to();
        List<Interval> monitored = monitoredIntervals(c.transitions(), c.from(), end);
        Duration monitoredTotal = monitored.stream().map(Interval::length).reduce(Duration.ZERO, Duration::plus);

        List<Interval> confirmed = new ArrayList<>();
        List<Interval> unresolved = new ArrayList<>();
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> confirmedByType = new TreeMap<>();
        Map<String, Long> byResolution = new LinkedHashMap<>();
        Map<String, Long> batteryAlarms = new TreeMap<>();
        long open = 0;
        for (CaseRecords.AlarmRecord a : c.alarms()) {
            byType.merge(a.type(), 1L, Long::sum);
            if (a.resolutionCode() == null) {
                open++;
            } else {
                byResolution.merge(a.resolutionCode(), 1L, Long::sum);
            }
            if ("CONFIRMED_VIOLATION".equals(a.resolutionCode())) {
                confirmedByType.merge(a.type(), 1L, Long::sum);
            }
            if (BATTERY.contains(a.type())) {
                batteryAlarms.merge(a.type(), 1L, Long::sum);
            }
            if (VIOLATIONS.contains(a.type()) && !NOT_AGAINST_PERSON.contains(String.valueOf(a.resolutionCode()))) {
                Instant to = a.conditionEnd() != null ? a.conditionEnd() : a.resolvedAt() != null ? a.resolvedAt() : end;
                Interval i = new Interval(a.conditionStart(), to);
                (a.resolutionCode() == null ? unresolved : confirmed).add(i);
            }
        }
        Duration confirmedTime = overlap(union(confirmed), monitored);
        Duration unresolvedTime = overlap(union(unresolved), monitored).minus(
                overlap(intersect(union(unresolved), union(confirmed)), monitored));
        if (unresolvedTime.isNegative()) {
            unresolvedTime = Duration.ZERO;
        }
        double share = monitoredTotal.isZero() ? 1.0
                : 1.0 - (double) (confirmedTime.toMillis() + unresolvedTime.toMillis()) / monitoredTotal.toMillis();

        long[] arr = Arrays.copyOf(arrivals, arrivalCount);
        Arrays.sort(arr);
        Gaps comm = gaps(arr, monitored, Duration.ofMinutes(communicationLimitMinutes));
        long[] gps = Arrays.copyOf(gpsFixes, gpsCount);
        Arrays.sort(gps);
        Gaps noFix = gaps(gps, monitored, Duration.ofMinutes(noFixLimitMinutes));

        long warnings = c.warnings().stream().filter(w -> !w.at().isBefore(c.from()) && w.at().isBefore(c.to()))
                .count();
        return new Figures(monitoredTotal, confirmedTime, unresolvedTime, Math.max(0, Math.min(1, share)), fixes, valid,
                bySource, median(), byType, confirmedByType, byResolution, open, comm, communicationLimitMinutes,
                noFix, noFixLimitMinutes, lowEpisodes, lowBatteryPercent, minBattery, minBatteryAt, chargingSessions,
                strapOpenings, batteryAlarms, warnings, monitored);
    }

    /** The intervals in which the order was ACTIVE, clipped to [from, to). */
    static List<Interval> monitoredIntervals(List<CaseRecords.Transition> transitions, Instant from, Instant to) {
        List<Interval> out = new ArrayList<>();
        Instant since = null;
        List<CaseRecords.Transition> sorted = new ArrayList<>(transitions);
        sorted.sort(Comparator.comparing(CaseRecords.Transition::at));
        for (CaseRecords.Transition t : sorted) {
            if (t.to() == OrderStatus.ACTIVE && since == null) {
                since = t.at();
            } else if (t.to() != OrderStatus.ACTIVE && since != null) {
                clip(out, since, t.at(), from, to);
                since = null;
            }
        }
        if (since != null) {
            clip(out, since, to, from, to);
        }
        return out;
    }

    private static void clip(List<Interval> out, Instant a, Instant b, Instant from, Instant to) {
        Instant s = a.isBefore(from) ? from : a;
        Instant e = b.isAfter(to) ? to : b;
        if (s.isBefore(e)) {
            out.add(new Interval(s, e));
        }
    }

    static List<Interval> union(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::from));
        List<Interval> out = new ArrayList<>();
        for (Interval i : sorted) {
            if (!out.isEmpty() && !i.from().isAfter(out.get(out.size() - 1).to())) {
                Interval last = out.remove(out.size() - 1);
                out.add(new Interval(last.from(), i.to().isAfter(last.to()) ? i.to() : last.to()));
            } else if (i.from().isBefore(i.to())) {
                out.add(i);
            }
        }
        return out;
    }

    static List<Interval> intersect(List<Interval> a, List<Interval> b) {
        List<Interval> out = new ArrayList<>();
        for (Interval x : a) {
            for (Interval y : b) {
                Instant s = x.from().isAfter(y.from()) ? x.from() : y.from();
                Instant e = x.to().isBefore(y.to()) ? x.to() : y.to();
                if (s.isBefore(e)) {
                    out.add(new Interval(s, e));
                }
            }
        }
        return out;
    }

    static Duration overlap(List<Interval> a, List<Interval> b) {
        return intersect(a, b).stream().map(Interval::length).reduce(Duration.ZERO, Duration::plus);
    }

    /** Runs longer than {@code limit} without an event (sorted epoch millis) within the monitored intervals. */
    static Gaps gaps(long[] events, List<Interval> monitored, Duration limit) {
        int count = 0;
        long total = 0;
        long bestFrom = 0;
        long bestTo = 0;
        long limitMs = limit.toMillis();
        for (Interval m : monitored) {
            long from = m.from().toEpochMilli();
            long to = m.to().toEpochMilli();
            int i = lowerBound(events, from);
            long previous = from;
            while (true) {
                long next = i < events.length && events[i] < to ? events[i] : to;
                long gap = next - previous;
                if (gap > limitMs) {
                    count++;
                    total += gap;
                    if (gap > bestTo - bestFrom) {
                        bestFrom = previous;
                        bestTo = next;
                    }
                }
                if (next == to) {
                    break;
                }
                previous = next;
                i++;
            }
        }
        return new Gaps(count, Duration.ofMillis(total), count == 0 ? null : Instant.ofEpochMilli(bestFrom),
                count == 0 ? null : Instant.ofEpochMilli(bestTo));
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private Double median() {
        if (withAccuracy == 0) {
            return null;
        }
        long half = (withAccuracy + 1) / 2;
        long seen = 0;
        for (int i = 0; i < accuracyHistogram.length; i++) {
            seen += accuracyHistogram[i];
            if (seen >= half) {
                return (double) i;
            }
        }
        return 1000.0;
    }

    private static long[] grow(long[] a, int n) {
        return n < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }

    private static int add(long[] a, int n, long v) {
        a[n] = v;
        return n + 1;
    }

    static EnumSet<OrderStatus> finalStates() {
        return EnumSet.of(OrderStatus.COMPLETED, OrderStatus.REVOKED);
    }
}
