package org.alterna.supervision;

import java.time.Instant;
import java.util.List;
import org.alterna.simulation.replay.ReplayCommand;
import org.alterna.simulation.replay.Scorer;
import org.alterna.simulation.tracks.LimaTrackGenerator;
import org.alterna.telemetry.Fix;

/** Diagnostic: prints per-type figures, misses and false alarms with the fixes around them. */
public class QualityDiag {
    public static void main(String[] a) {
        int devices = a.length > 0 ? Integer.parseInt(a[0]) : 100;
        int days = a.length > 1 ? Integer.parseInt(a[1]) : 3;
        long seed = a.length > 2 ? Long.parseLong(a[2]) : AlarmQualityTest.SEED;
        boolean detail = a.length > 3;
        long t0 = System.nanoTime();
        AlarmQualityTest.Result r = AlarmQualityTest.run(seed, devices, days);
        System.out.println("Alterna\n" + r.alterna().format() + "\nNaive\n" + r.naive().format() + "\nQualifying\n"
                + r.qualifying().format());
        r.alterna().byType.values().forEach(f -> f.falses.forEach(x -> System.out.println("false: " + x)));
        r.qualifying().byType.values().forEach(f -> f.misses.forEach(x -> System.out.println("missed Q: " + x)));
        r.alterna().byType.values().forEach(f -> f.misses.forEach(x -> System.out.println("missed: " + x)));
        System.out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (detail) {
            for (int d = 0; d < devices; d++) {
                LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(seed + d, days);
                List<ReplayAlarm> alarms = new ReplayRunner().run(g.plan(), g.fixes(), g.victimFixes(), null);
                Scorer.Report rep = new Scorer.Report();
                Scorer.Truth q = new Scorer.Truth(g.truth().deviceDays(), g.qualifying(), g.truth().dontCare());
                Scorer.score(alarms, g.truth(), g.plan(), ReplayCommand.end(g.fixes()), rep);
                for (Scorer.Interval v : g.qualifying()) {
                    if (!v.type().hasZone() && v.type() != AlarmType.VICTIM_PROXIMITY) continue;
                    for (ReplayAlarm x : alarms) {
                        if (x.type() == v.type() && !x.raisedAt().isBefore(v.start().minusSeconds(120))
                                && x.raisedAt().isBefore(v.start().plusSeconds(600))) {
                            long delay = x.raisedAt().getEpochSecond() - v.start().getEpochSecond();
                            if (delay > 150 && System.getProperty("slow") != null) {
                                System.out.println("\n=== seed " + (seed + d) + " SLOW " + delay + " " + v);
                                dump(g, v.start().minusSeconds(400), x.raisedAt().plusSeconds(60), v.zone());
                            }
                        }
                    }
                }
                for (Scorer.Figures f : rep.byType.values()) {
                    for (String m : f.misses) {
                        String[] p = m.split(" ");
                        Instant s = Instant.parse(p[p.length - 1]);
                        AlarmType type = AlarmType.valueOf(p[0]);
                        Scorer.Interval iv = g.truth().violations().stream().filter(v -> v.start().equals(s)
                                && v.type() == type).findFirst().get();
                        boolean qual = g.qualifying().contains(iv);
                        System.out.println("\n=== seed " + (seed + d) + " MISS " + (qual ? "Q " : "") + iv);
                        dump(g, iv.start().minusSeconds(600), iv.end().plusSeconds(300), iv.zone());
                        alarms.stream().filter(x -> x.type() == type).forEach(x -> System.out.println("   alarm " + x.toJson()));
                    }
                    for (String fa : f.falses) {
                        System.out.println("\n=== seed " + (seed + d) + " FALSE " + fa);
                        for (ReplayAlarm x : alarms) {
                            if (x.toJson().equals(fa)) {
                                dump(g, x.start().minusSeconds(900), x.raisedAt().plusSeconds(300), x.zone());
                            }
                        }
                        g.truth().dontCare().forEach(v -> System.out.println("   dc " + v));
                    }
                }
            }
        }
    }

    static void dump(LimaTrackGenerator.Generated g, Instant from, Instant to, String zoneId) {
        Area area = null;
        for (Zone x : g.plan().zones()) {
            if (x.id().equals(zoneId)) {
                area = x.area;
            }
        }
        for (Route x : g.plan().routes()) {
            if (x.id().equals(zoneId)) {
                area = x.area;
            }
        }
        for (Fix f : g.fixes()) {
            if (!f.deviceTime().isBefore(from) && !f.deviceTime().isAfter(to)) {
                double d = area == null ? Double.NaN : area.signedDistance(f.latitude(), f.longitude());
                System.out.printf("  %s rx+%4ds d=%7.1f acc=%6.1f %s %s bat=%d strap=%s ch=%s%n", f.deviceTime(),
                        f.serverTime().getEpochSecond() - f.deviceTime().getEpochSecond(), d, f.accuracyMeters(),
                        f.source(), f.valid() ? "v" : "INVALID", f.batteryPercent(), f.strap(), f.charging());
            }
        }
    }
}
