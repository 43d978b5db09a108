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
 * The figures of a compliance report, computed on the server from the stored positions, device events and alarms of
 * one period: fed every position of the person's unit and every message of it without a position (heartbeats, status
 * and alarm messages) in device-time order ({@link #accept}), then {@link #finish finished} with the case. Pure: no
 * I/O, so the same figures come from the same data.
 * <ul>
 * <li><b>monitored time</b>: the time the order was ACTIVE within the period (up to now);</li>
 * <li><b>non-compliance</b>: the union of the intervals of violation alarms (zones, victim, route, strap) that were
 * confirmed, plus those not yet resolved (shown apart); alarms resolved as false, technical or authorised are not
 * counted against the person;</li>
 * <li><b>communication gaps</b>: periods longer than the order's silence limit without any record (a position or a
 * message without one) reaching the server;
 * <b>no-fix gaps</b>: periods longer than the no-fix limit without a valid GPS position;</li>
 * <li><b>battery</b>: episodes at or below the low-battery level (left once 5 points above), the lowest reading,
 * charging sessions started, and the battery and charging alarms;</li>
 * <li><b>strap and power</b>: strap openings (an OPEN strap or the device's tamper flag, as the engine judges them) and
 * cuts of main power (the device's POWER_CUT flag), from positions and from messages without one alike.</li>
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
    private boolean lowByFlag;
    private int lowEpisodes;
    private Integer minBattery;
    private Instant minBatteryAt;
    private Boolean lastCharging;
    private int chargingSessions;
    private boolean strapOpen;
    private int strapOpenings;
    private boolean powerCutOpen;
    private int powerCuts;
    private Boolean lastPower;
    private String lastDeviceAlarms;
    private final List<DeviceEvent> events = new ArrayList<>();

    ComplianceFigures(int lowBatteryPercent) {
        this.lowBatteryPercent = lowBatteryPercent;
    }

    /**
     * An event of the device derived from its positions and its messages without a position (strap, charging, power,
     * battery, the device's own alarms).
     */
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
            Instant minBatteryAt, int chargingSessions, int strapOpenings, int powerCuts,
            Map<String, Long> batteryAlarms, long warnings, List<Interval> monitoredIntervals) {

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
        arrived(f.time(), f.received());
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
        status(f.deviceId(), f.time(), f.battery(), f.charging(), f.externalPower(), f.strap(), f.deviceAlarms());
    }

    /**
     * A message of the unit without a position (a heartbeat, a status or alarm message), in device-time order among
     * the positions: it reached the server (communication), and its battery, charger, power, strap and alarm flags
     * count like a position's. A strap cut that a GT06 reports only in a heartbeat is counted from here.
     */
    void accept(CaseRecords.StatusRow e) {
        arrived(e.time(), e.received());
        status(e.deviceId(), e.time(), e.battery(), e.charging(), e.externalPower(), e.strap(), e.deviceAlarms());
    }

    private void arrived(Instant time, Instant received) {
        arrivalCount = add(arrivals = grow(arrivals, arrivalCount), arrivalCount,
                (received == null ? time : received).toEpochMilli());
    }

    /**
     * The unit's state in one message, judged as the supervision engine judges it: the strap is open when the message
     * says so or carries the device's tamper flag, and closed again only when a message says it is closed; a cut of
     * main power is the device's POWER_CUT flag, from the first message with it to the first without; a unit that
     * reports no battery level is low while it raises its low-battery flag, until it reports power without the flag.
     */
    private void status(String deviceId, Instant time, Integer battery, Boolean charging, Boolean externalPower,
            String strap, String deviceAlarms) {
        String alarms = deviceAlarms == null || deviceAlarms.isBlank() ? null : deviceAlarms;
        boolean tamper = flag(alarms, "TAMPER");
        boolean powerCut = flag(alarms, "POWER_CUT");
        boolean lowFlag = flag(alarms, "LOW_BATTERY");
        if (battery != null) {
            int b = battery;
            if (minBattery == null || b < minBattery) {
                minBattery = b;
                minBatteryAt = time;
            }
            if (!lowEpisode && b <= lowBatteryPercent) {
                lowEpisode = true;
                lowByFlag = false;
                lowEpisodes++;
                events.add(new DeviceEvent(deviceId, time, "BATTERY_LOW", b + "%"));
            } else if (lowEpisode && (b > lowBatteryPercent + 5 || lowByFlag && b > lowBatteryPercent)) {
                lowEpisode = false;
                lowByFlag = false;
                events.add(new DeviceEvent(deviceId, time, "BATTERY_RECOVERED", b + "%"));
            }
        } else if (lowFlag && !lowEpisode) {
            lowEpisode = true;
            lowByFlag = true;
            lowEpisodes++;
            events.add(new DeviceEvent(deviceId, time, "BATTERY_LOW", "LOW_BATTERY"));
        } else if (!lowFlag && lowEpisode && lowByFlag
                && (Boolean.TRUE.equals(charging) || Boolean.TRUE.equals(externalPower))) {
            lowEpisode = false;
            lowByFlag = false;
            events.add(new DeviceEvent(deviceId, time, "BATTERY_RECOVERED", null));
        }
        if (charging != null) {
            if (Boolean.TRUE.equals(charging) && !Boolean.TRUE.equals(lastCharging)) {
                chargingSessions++;
            }
            if (lastCharging != null && !lastCharging.equals(charging)) {
                events.add(new DeviceEvent(deviceId, time, charging ? "CHARGING_STARTED" : "CHARGING_STOPPED",
                        battery == null ? null : battery + "%"));
            }
            lastCharging = charging;
        }
        if (externalPower != null) {
            if (lastPower != null && !lastPower.equals(externalPower)) {
                events.add(new DeviceEvent(deviceId, time, externalPower ? "POWER_CONNECTED" : "POWER_DISCONNECTED",
                        null));
            }
            lastPower = externalPower;
        }
        if (powerCut && !powerCutOpen) {
            powerCuts++;
            events.add(new DeviceEvent(deviceId, time, "POWER_CUT", null));
        } else if (!powerCut && powerCutOpen) {
            events.add(new DeviceEvent(deviceId, time, "POWER_RESTORED", null));
        }
        powerCutOpen = powerCut;
        if (("OPEN".equals(strap) || tamper) && !strapOpen) {
            strapOpen = true;
            strapOpenings++;
            events.add(new DeviceEvent(deviceId, time, "STRAP_OPEN", "OPEN".equals(strap) ? null : "TAMPER"));
        } else if ("CLOSED".equals(strap) && strapOpen && !tamper) {
            strapOpen = false;
            events.add(new DeviceEvent(deviceId, time, "STRAP_CLOSED", null));
        }
        if (alarms != null && !alarms.equals(lastDeviceAlarms)) {
            events.add(new DeviceEvent(deviceId, time, "DEVICE_ALARM", alarms));
        }
        lastDeviceAlarms = alarms;
    }

    /** Whether a stored list of the device's own alarm flags ({@code A,B,...}) holds {@code name}. */
    static boolean flag(String alarms, String name) {
        if (alarms == null) {
            return false;
        }
        for (String a : alarms.split(",")) {
            if (a.trim().equals(name)) {
                return true;
            }
        }
        return false;
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
                strapOpenings, powerCuts, batteryAlarms, warnings, monitored);
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
