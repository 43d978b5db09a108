package org.alterna.supervision;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The conditions of one judicial order in force for a period. Absent (null) values switch their rule off.
 *
 * @param timezone               local time of schedules (America/Lima: no DST)
 * @param zones                  inclusion/exclusion zones
 * @param routes                 authorised routes
 * @param victimProximityMeters  minimum distance to the victim's unit
 * @param victimPreAlertMeters   early-warning buffer beyond the proximity distance (VICTIM_PRE_ALERT)
 * @param lowBatteryPercent      LOW_BATTERY at or below this level (confirmed by a second reading)
 * @param criticalBatteryPercent BATTERY_CRITICAL at or below this level (confirmed by a second reading)
 * @param chargingWindow         when the person must charge (NOT_CHARGING)
 * @param noCommunicationMinutes NO_COMMUNICATION after this silence
 * @param noFixMinutes           NO_FIX after this long without a valid GPS fix
 * @param gracePeriods           per rule: how long a violation must last before it is raised
 * @param suspensions            authorised absences
 * @param homePresence           the home's beacon or RF home unit, when the order registers one
 */
public record SupervisionPlan(ZoneId timezone, List<Zone> zones, List<Route> routes, Double victimProximityMeters,
        Double victimPreAlertMeters, Integer lowBatteryPercent, Integer criticalBatteryPercent,
        WeeklySchedule chargingWindow, Integer noCommunicationMinutes, Integer noFixMinutes,
        Map<AlarmType, Duration> gracePeriods, List<Suspension> suspensions, HomePresence homePresence) {

    public static final ZoneId LIMA = ZoneId.of("America/Lima");

    public SupervisionPlan {
        timezone = timezone == null ? LIMA : timezone;
        zones = PlanZones.of(zones);
        routes = routes == null ? List.of() : List.copyOf(routes);
        gracePeriods = gracePeriods == null || gracePeriods.isEmpty() ? Map.of() : new EnumMap<>(gracePeriods);
        suspensions = suspensions == null ? List.of() : List.copyOf(suspensions);
    }

    public Duration grace(AlarmType type) {
        Duration d = gracePeriods.get(type);
        if (d != null) {
            return d;
        }
        return type == AlarmType.NOT_CHARGING ? Duration.ofMinutes(20) : Duration.ZERO;
    }

    public boolean suspended(AlarmType type, Instant t) {
        if (suspensions.isEmpty()) {
            return false;
        }
        for (Suspension s : suspensions) {
            if (s.covers(type, t)) {
                return true;
            }
        }
        return false;
    }

    /** End of the suspension covering t, or null. */
    Instant suspensionEnd(AlarmType type, Instant t) {
        Instant end = null;
        for (Suspension s : suspensions) {
            if (s.covers(type, t) && (end == null || s.to().isAfter(end))) {
                end = s.to();
            }
        }
        return end;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.timezone = timezone;
        b.zones.addAll(zones);
        b.routes.addAll(routes);
        b.victimProximityMeters = victimProximityMeters;
        b.victimPreAlertMeters = victimPreAlertMeters;
        b.lowBatteryPercent = lowBatteryPercent;
        b.criticalBatteryPercent = criticalBatteryPercent;
        b.chargingWindow = chargingWindow;
        b.noCommunicationMinutes = noCommunicationMinutes;
        b.noFixMinutes = noFixMinutes;
        b.grace.putAll(gracePeriods);
        b.suspensions.addAll(suspensions);
        b.homePresence = homePresence;
        return b;
    }

    /** Fluent builder. */
    public static final class Builder {
        private ZoneId timezone = LIMA;
        private final List<Zone> zones = new ArrayList<>();
        private final List<Route> routes = new ArrayList<>();
        private Double victimProximityMeters;
        private Double victimPreAlertMeters;
        private Integer lowBatteryPercent;
        private Integer criticalBatteryPercent;
        private WeeklySchedule chargingWindow;
        private Integer noCommunicationMinutes;
        private Integer noFixMinutes;
        private final Map<AlarmType, Duration> grace = new EnumMap<>(AlarmType.class);
        private final List<Suspension> suspensions = new ArrayList<>();
        private HomePresence homePresence;

        public Builder timezone(ZoneId z) { this.timezone = z; return this; }
        public Builder zone(Zone z) { zones.add(z); return this; }
        public Builder route(Route r) { routes.add(r); return this; }
        public Builder victimProximityMeters(Double m) { victimProximityMeters = m; return this; }
        public Builder victimPreAlertMeters(Double m) { victimPreAlertMeters = m; return this; }
        public Builder lowBatteryPercent(Integer p) { lowBatteryPercent = p; return this; }
        public Builder criticalBatteryPercent(Integer p) { criticalBatteryPercent = p; return this; }
        public Builder chargingWindow(WeeklySchedule s) { chargingWindow = s; return this; }
        public Builder noCommunicationMinutes(Integer m) { noCommunicationMinutes = m; return this; }
        public Builder noFixMinutes(Integer m) { noFixMinutes = m; return this; }
        public Builder grace(AlarmType t, Duration d) { grace.put(t, d); return this; }
        public Builder suspension(Suspension s) { suspensions.add(s); return this; }
        public Builder homePresence(HomePresence h) { homePresence = h; return this; }

        public SupervisionPlan build() {
            return new SupervisionPlan(timezone, zones, routes, victimProximityMeters, victimPreAlertMeters,
                    lowBatteryPercent, criticalBatteryPercent, chargingWindow, noCommunicationMinutes, noFixMinutes,
                    grace, suspensions, homePresence);
        }
    }
}
