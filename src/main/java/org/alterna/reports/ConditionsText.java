package org.alterna.reports;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.alterna.orders.Conditions;
import org.locationtech.jts.geom.Point;

/** The conditions of one version in words a court reads: each zone, route and rule on its own line. */
final class ConditionsText {
    private static final List<DayOfWeek> WEEK = List.of(DayOfWeek.values());

    private ConditionsText() {
    }

    static List<String> describe(Conditions c, Texts t) {
        List<String> lines = new ArrayList<>();
        for (Conditions.Zone z : c.zones()) {
            String shape = z.geometry() instanceof Point && z.radiusMeters() != null
                    ? t.t("report.cond.circle", t.number(Math.round(z.radiusMeters())))
                    : t.t("report.cond.polygon");
            lines.add(t.t("report.cond.zone", t.t("zone.type." + z.type().name()), z.id(), shape,
                    schedule(z.schedule(), t)));
        }
        for (Conditions.Route r : c.routes()) {
            lines.add(t.t("report.cond.route", r.id(), t.number(Math.round(r.corridorMeters())),
                    r.window() == null ? t.t("report.cond.always") : window(r.window(), t)));
        }
        if (c.victimProximityMeters() != null) {
            lines.add(t.t("report.cond.victim", t.number(c.victimProximityMeters()))
                    + (c.victimPreAlertMeters() == null ? "" : "; " + t.t("report.cond.preAlert",
                            t.number(c.victimPreAlertMeters()))));
        }
        if (c.chargingWindow() != null) {
            lines.add(t.t("report.cond.charging", window(c.chargingWindow(), t)));
        }
        if (c.noCommunicationMinutes() != null) {
            lines.add(t.t("report.cond.noCommunication", c.noCommunicationMinutes()));
        }
        if (c.noFixMinutes() != null) {
            lines.add(t.t("report.cond.noFix", c.noFixMinutes()));
        }
        if (c.lowBatteryPercent() != null) {
            lines.add(t.t("report.cond.lowBattery", c.lowBatteryPercent()));
        }
        for (Map.Entry<String, Integer> g : c.graceMinutes().entrySet()) {
            lines.add(t.t("report.cond.grace", t.type(g.getKey().equals("ROUTE") ? "ROUTE_DEVIATION" : g.getKey()),
                    g.getValue()));
        }
        if (lines.isEmpty()) {
            lines.add(t.t("report.cond.none"));
        }
        return lines;
    }

    static String schedule(List<Conditions.Window> windows, Texts t) {
        if (windows.isEmpty()) {
            return t.t("report.cond.always");
        }
        List<String> parts = new ArrayList<>();
        for (Conditions.Window w : windows) {
            parts.add(window(w, t));
        }
        return String.join("; ", parts);
    }

    static String window(Conditions.Window w, Texts t) {
        return days(w.days(), t) + " " + w.from() + "–" + w.to();
    }

    static String days(Set<DayOfWeek> days, Texts t) {
        if (days.containsAll(EnumSet.allOf(DayOfWeek.class))) {
            return t.t("report.days.all");
        }
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < WEEK.size()) {
            if (!days.contains(WEEK.get(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < WEEK.size() && days.contains(WEEK.get(j + 1))) {
                j++;
            }
            String a = t.t("report.day." + WEEK.get(i).name());
            names.add(j - i >= 2 ? a + "–" + t.t("report.day." + WEEK.get(j).name())
                    : j > i ? a + ", " + t.t("report.day." + WEEK.get(j).name()) : a);
            i = j + 1;
        }
        return String.join(", ", names);
    }
}
