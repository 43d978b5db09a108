package org.alterna.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.alterna.telemetry.Fix;

/**
 * The per-fix baseline: a zone, route or victim alarm on the first fix outside (inside), whatever its source or
 * validity, cleared by the first fix back; low and critical battery on the first reading below the threshold; not
 * charging on the first reading without charging once the window has been open for the grace period; no fix on the
 * first report beyond the limit since the last fix flagged valid (it trusts the flag, also on cell positions). Tamper
 * and silence as Alterna (they are not position noise).
 */
final class NaiveEngine {

    static List<ReplayAlarm> run(SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes) {
        return run(plan, fixes, victimFixes, new ReplayRunner().run(plan, fixes, victimFixes, null));
    }

    /** With the engine's alarms of the same input already at hand (tamper and silence are taken from them). */
    static List<ReplayAlarm> run(SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes,
            List<ReplayAlarm> engineAlarms) {
        List<ReplayAlarm> out = new ArrayList<>();
        for (ReplayAlarm a : engineAlarms) {
            if (a.type() == AlarmType.STRAP_TAMPER || a.type() == AlarmType.NO_COMMUNICATION) {
                out.add(a);
            }
        }
        List<Fix> person = new ArrayList<>(fixes);
        person.sort(Comparator.comparing(Fix::deviceTime));
        List<Fix> victim = new ArrayList<>(victimFixes);
        victim.sort(Comparator.comparing(Fix::deviceTime));
        Map<String, Open> open = new LinkedHashMap<>();
        int v = 0;
        Fix lastVictim = null;
        Instant lastValid = null;
        for (Fix f : person) {
            while (v < victim.size() && !victim.get(v).deviceTime().isAfter(f.deviceTime())) {
                lastVictim = victim.get(v++);
            }
            Instant t = f.deviceTime();
            for (Zone z : plan.zones()) {
                double d = z.signedDistanceMeters(f.latitude(), f.longitude());
                boolean active = z.schedule().isActive(t, plan.timezone());
                boolean bad = active && (z.type() == ZoneType.INCLUSION ? d > 0 : d <= 0);
                step(out, open, bad, t, z.type() == ZoneType.INCLUSION ? AlarmType.INCLUSION_ZONE
                        : AlarmType.EXCLUSION_ZONE, z.id());
            }
            for (Route r : plan.routes()) {
                boolean bad = r.schedule().isActive(t, plan.timezone())
                        && r.area.signedDistance(f.latitude(), f.longitude()) > 0;
                step(out, open, bad, t, AlarmType.ROUTE_DEVIATION, r.id());
            }
            if (plan.victimProximityMeters() != null && lastVictim != null) {
                double d = Geo.distance(f.latitude(), f.longitude(), lastVictim.latitude(), lastVictim.longitude());
                step(out, open, d < plan.victimProximityMeters(), t, AlarmType.VICTIM_PROXIMITY, null);
                if (plan.victimPreAlertMeters() != null) {
                    step(out, open, d < plan.victimProximityMeters() + plan.victimPreAlertMeters(), t,
                            AlarmType.VICTIM_PRE_ALERT, null);
                }
            }
            boolean charging = Boolean.TRUE.equals(f.charging());
            if (plan.lowBatteryPercent() != null && f.batteryPercent() != null) {
                step(out, open, f.batteryPercent() < plan.lowBatteryPercent() && !charging, t, AlarmType.LOW_BATTERY,
                        null);
            }
            if (plan.criticalBatteryPercent() != null && f.batteryPercent() != null) {
                step(out, open, f.batteryPercent() < plan.criticalBatteryPercent() && !charging, t,
                        AlarmType.BATTERY_CRITICAL, null);
            }
            if (plan.chargingWindow() != null && f.charging() != null) {
                long ws = plan.chargingWindow().windowStart(t.getEpochSecond(), plan.timezone().getRules());
                boolean bad = ws != Long.MIN_VALUE && !charging
                        && t.getEpochSecond() - ws >= plan.grace(AlarmType.NOT_CHARGING).toSeconds();
                step(out, open, bad, t, AlarmType.NOT_CHARGING, null);
            }
            if (plan.noFixMinutes() != null) {
                if (lastValid == null || f.valid()) {
                    lastValid = t;
                }
                step(out, open, t.getEpochSecond() - lastValid.getEpochSecond() >= plan.noFixMinutes() * 60L, t,
                        AlarmType.NO_FIX, null);
            }
        }
        for (Open o : open.values()) {
            out.add(new ReplayAlarm(o.type, o.zone, o.start, null, o.start, false));
        }
        return out;
    }

    private record Open(AlarmType type, String zone, Instant start) {
    }

    private static void step(List<ReplayAlarm> out, Map<String, Open> open, boolean bad, Instant t, AlarmType type,
            String zone) {
        String key = type + "/" + zone;
        Open o = open.get(key);
        if (bad && o == null) {
            open.put(key, new Open(type, zone, t));
        } else if (!bad && o != null) {
            out.add(new ReplayAlarm(type, zone, o.start, t, o.start, false));
            open.remove(key);
        }
    }
}
