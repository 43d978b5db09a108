package org.alterna.supervision;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.alterna.orders.Conditions;
import org.locationtech.jts.geom.LineString;

/** Turns the conditions of a judicial order (as the orders module keeps them) into a supervision plan. */
final class PlanMapper {
    private PlanMapper() {
    }

    static SupervisionPlan plan(Conditions c, ZoneId zone, List<Suspension> absences) {
        SupervisionPlan.Builder b = SupervisionPlan.builder().timezone(zone);
        for (Conditions.Zone z : c.zones()) {
            b.zone(new Zone(z.id(), z.type() == Conditions.ZoneType.INCLUSION ? ZoneType.INCLUSION : ZoneType.EXCLUSION,
                    z.geometry(), z.radiusMeters(), schedule(z.schedule())));
        }
        for (Conditions.Route r : c.routes()) {
            b.route(new Route(r.id(), (LineString) r.geometry(), r.corridorMeters(),
                    r.window() == null ? null : schedule(List.of(r.window()))));
        }
        b.victimProximityMeters(c.victimProximityMeters() == null ? null : c.victimProximityMeters().doubleValue());
        b.victimPreAlertMeters(c.victimPreAlertMeters() == null ? null : c.victimPreAlertMeters().doubleValue());
        b.lowBatteryPercent(c.lowBatteryPercent());
        b.noCommunicationMinutes(c.noCommunicationMinutes());
        b.noFixMinutes(c.noFixMinutes());
        if (c.chargingWindow() != null) {
            b.chargingWindow(schedule(List.of(c.chargingWindow())));
        }
        for (Map.Entry<String, Integer> g : c.graceMinutes().entrySet()) {
            AlarmType type = g.getKey().equals("ROUTE") ? AlarmType.ROUTE_DEVIATION : AlarmType.valueOf(g.getKey());
            b.grace(type, Duration.ofMinutes(g.getValue()));
        }
        absences.forEach(b::suspension);
        return b.build();
    }

    private static WeeklySchedule schedule(List<Conditions.Window> windows) {
        if (windows == null || windows.isEmpty()) {
            return WeeklySchedule.always();
        }
        List<WeeklySchedule.Entry> entries = new ArrayList<>();
        for (Conditions.Window w : windows) {
            entries.add(new WeeklySchedule.Entry(w.days(), w.from(), w.to()));
        }
        return new WeeklySchedule(entries);
    }
}
