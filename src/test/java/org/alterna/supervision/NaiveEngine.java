package org.alterna.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.alterna.telemetry.Fix;

/** The per-fix baseline: a zone alarm on the first fix outside (inside), cleared by the first fix back; low battery on
 * the first reading below the threshold. Tamper and silence as Alterna (they are not position noise). */
final class NaiveEngine {

    static List<ReplayAlarm> run(SupervisionPlan plan, List<Fix> fixes, List<Fix> victimFixes) {
        List<ReplayAlarm> out = new ArrayList<>();
        for (ReplayAlarm a : new ReplayRunner().run(plan, fixes, victimFixes, null)) {
            if (a.type() == AlarmType.STRAP_TAMPER || a.type() == AlarmType.NO_COMMUNICATION) {
                out.add(a);
            }
        }
        List<Fix> person = new ArrayList<>(fixes);
        person.sort(Comparator.comparing(Fix::deviceTime));
        List<Fix> victim = new ArrayList<>(victimFixes);
        victim.sort(Comparator.comparing(Fix::deviceTime));
        int nz = plan.zones().size();
        Instant[] open = new Instant[nz + 2];
        Instant[] raised = new Instant[nz + 2];
        int v = 0;
        Fix lastVictim = null;
        for (Fix f : person) {
            while (v < victim.size() && !victim.get(v).deviceTime().isAfter(f.deviceTime())) {
                lastVictim = victim.get(v++);
            }
            Instant t = f.deviceTime();
            for (int i = 0; i < nz; i++) {
                Zone z = plan.zones().get(i);
                double d = z.signedDistanceMeters(f.latitude(), f.longitude());
                boolean active = z.schedule().isActive(t, plan.timezone());
                boolean bad = active && (z.type() == ZoneType.INCLUSION ? d > 0 : d <= 0);
                AlarmType type = z.type() == ZoneType.INCLUSION ? AlarmType.INCLUSION_ZONE : AlarmType.EXCLUSION_ZONE;
                step(out, open, raised, i, bad, t, type, z.id());
            }
            if (plan.victimProximityMeters() != null && lastVictim != null) {
                double d = Geo.distance(f.latitude(), f.longitude(), lastVictim.latitude(), lastVictim.longitude());
                step(out, open, raised, nz, d < plan.victimProximityMeters(), t, AlarmType.VICTIM_PROXIMITY, null);
            }
            if (plan.lowBatteryPercent() != null && f.batteryPercent() != null) {
                step(out, open, raised, nz + 1, f.batteryPercent() < plan.lowBatteryPercent()
                        && !Boolean.TRUE.equals(f.charging()), t, AlarmType.LOW_BATTERY, null);
            }
        }
        for (int i = 0; i < open.length; i++) {
            if (open[i] != null) {
                AlarmType type = i == nz + 1 ? AlarmType.LOW_BATTERY : i == nz ? AlarmType.VICTIM_PROXIMITY
                        : plan.zones().get(i).type() == ZoneType.INCLUSION ? AlarmType.INCLUSION_ZONE
                        : AlarmType.EXCLUSION_ZONE;
                out.add(new ReplayAlarm(type, i < nz ? plan.zones().get(i).id() : null, open[i], null, raised[i],
                        false));
            }
        }
        return out;
    }

    private static void step(List<ReplayAlarm> out, Instant[] open, Instant[] raised, int i, boolean bad, Instant t,
            AlarmType type, String zone) {
        if (bad && open[i] == null) {
            open[i] = t;
            raised[i] = t;
        } else if (!bad && open[i] != null) {
            out.add(new ReplayAlarm(type, zone, open[i], t, raised[i], false));
            open[i] = null;
        }
    }
}
