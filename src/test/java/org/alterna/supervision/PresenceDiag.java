package org.alterna.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.alterna.simulation.replay.ReplayCommand;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.Scorer;
import org.alterna.simulation.tracks.LimaTrackGenerator;
import org.alterna.simulation.tracks.LimaTrackGenerator.PresenceLabel;

/**
 * Diagnostic of the harsh profile: qualifying zone misses and false alarms per kind of home equipment, with and
 * without the home's radio evidence, and the home-presence labels missed or raised outside them.
 * Arguments: devices [seed] [detail].
 */
public class PresenceDiag {
    public static void main(String[] a) {
        if (a.length > 0 && a[0].equals("dump")) {
            LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(Long.parseLong(a[1]), AlarmQualityTest.DAYS,
                    LimaTrackGenerator.Profile.HARSH);
            Instant from = Instant.parse(a[2]);
            Instant to = Instant.parse(a[3]);
            Area area = g.plan().zones().stream().filter(z -> z.id().equals("home")).findFirst().get().area;
            System.out.println(g.traits() + " " + g.homePresence());
            for (org.alterna.telemetry.Fix f : g.fixes()) {
                if (!f.deviceTime().isBefore(from) && !f.deviceTime().isAfter(to)) {
                    Object id = f.io().get(HomePresence.BEACON_ID_IO);
                    String b = id == null ? "-" : g.homePresence() != null && id.equals(g.homePresence().beaconId())
                            ? "HOME" : "other";
                    System.out.printf("  %s rx+%4ds d=%7.1f acc=%s hdop=%s sats=%s est=%5.1f %s %s beacon=%s%n",
                            f.deviceTime(), f.serverTime().getEpochSecond() - f.deviceTime().getEpochSecond(),
                            area.signedDistance(f.latitude(), f.longitude()), f.accuracyMeters(), f.hdop(),
                            f.satellites(), SupervisionEngine.accuracy(f), f.source(), f.valid() ? "v" : "INVALID", b);
                }
            }
            for (org.alterna.telemetry.Fix f : g.homeUnitFixes()) {
                if (!f.deviceTime().isBefore(from) && !f.deviceTime().isAfter(to)) {
                    System.out.println("  unit " + f.deviceTime() + " " + f.io());
                }
            }
            return;
        }
        int devices = a.length > 0 ? Integer.parseInt(a[0]) : 100;
        long seed = a.length > 1 ? Long.parseLong(a[1]) : AlarmQualityTest.SEED;
        boolean detail = a.length > 2;
        Map<String, int[]> kit = new TreeMap<>(); // kit -> {qualifying, missed, false, missedNoPresence, falseNoPresence}
        Map<String, int[]> labels = new TreeMap<>(); // type -> {labels, missed, false}
        List<String> lines = new ArrayList<>();
        Set<String> kinds = Set.of(PresenceLabel.LOST, PresenceLabel.UNPOWERED, PresenceLabel.MOVED);
        long t0 = System.nanoTime();
        for (int d = 0; d < devices; d++) {
            LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(seed + d, AlarmQualityTest.DAYS,
                    LimaTrackGenerator.Profile.HARSH);
            List<ReplayAlarm> all = new Scenario(g.name(), g.plan(), g.fixes(), g.victimFixes(),
                    g.homePresence(), g.homeUnitFixes()).replay();
            List<ReplayAlarm> zone = all.stream().filter(x -> !AlarmQualityTest.PRESENCE_TYPES.contains(x.type()))
                    .toList();
            List<ReplayAlarm> without = new ReplayRunner().run(g.plan(), g.fixes(), g.victimFixes(), null);
            Instant end = ReplayCommand.end(g.fixes());
            List<Scorer.Interval> nq = new ArrayList<>(g.truth().violations());
            nq.removeAll(g.qualifying());
            List<Scorer.Interval> dc = new ArrayList<>(g.truth().dontCare());
            dc.addAll(nq);
            Scorer.Truth q = new Scorer.Truth(g.truth().deviceDays(), g.qualifying(), dc);
            Scorer.Report with = new Scorer.Report();
            Scorer.score(zone, q, g.plan(), end, with);
            Scorer.Report wo = new Scorer.Report();
            Scorer.score(without, q, g.plan(), end, wo);
            int[] k = kit.computeIfAbsent(g.traits().homeKit() + " / " + g.traits().quality(), x -> new int[5]);
            for (AlarmType t : AlarmQualityTest.ZONES) {
                k[0] += with.of(t).violations;
                k[1] += with.of(t).misses.size();
                k[2] += with.of(t).falses.size();
                k[3] += wo.of(t).misses.size();
                k[4] += wo.of(t).falses.size();
                if (detail) {
                    with.of(t).misses.forEach(m -> lines.add("seed " + g.name() + " " + g.traits() + " MISS " + m));
                    with.of(t).falses.forEach(m -> lines.add("seed " + g.name() + " " + g.traits() + " FALSE " + m));
                }
            }
            if (g.homePresence() == null) {
                continue;
            }
            List<ReplayAlarm> pres = all.stream().filter(x -> kinds.contains(x.type().name())).toList();
            for (PresenceLabel v : g.presenceViolations()) {
                int[] l = labels.computeIfAbsent(v.type(), x -> new int[3]);
                l[0]++;
                Instant deadline = v.start().plus(PresenceLabel.allowedDelay(v.type(), g.homePresence().lostMinutes()));
                boolean found = pres.stream().anyMatch(x -> x.type().name().equals(v.type()) && overlaps(x, v, end)
                        && !x.raisedAt().isAfter(deadline));
                if (!found) {
                    l[1]++;
                    if (detail || l[1] <= 4) {
                        lines.add(g.name() + " " + g.homePresence().kind() + " missed " + v + " alarms: "
                                + pres.stream().filter(x -> x.type().name().equals(v.type())
                                        && overlaps(x, v, end)).map(ReplayAlarm::toJson).toList());
                    }
                }
            }
            for (ReplayAlarm x : pres) {
                boolean covered = g.presenceViolations().stream().anyMatch(v -> x.type().name().equals(v.type())
                        && overlaps(x, v, end)) || g.presenceDontCare().stream().anyMatch(v -> x.type().name()
                        .equals(v.type()) && overlaps(x, v, end));
                if (!covered) {
                    int[] l = labels.computeIfAbsent(x.type().name(), y -> new int[3]);
                    l[2]++;
                    if (detail || l[2] <= 4) {
                        lines.add(g.name() + " " + g.homePresence().kind() + " false " + x.toJson());
                    }
                }
            }
        }
        lines.forEach(System.out::println);
        System.out.println("kit / quality: qualifying zone violations, missed, false (with presence) | missed, false"
                + " (without)");
        kit.forEach((k, v) -> System.out.printf("  %-40s %4d %4d %4d | %4d %4d%n", k, v[0], v[1], v[2], v[3], v[4]));
        System.out.println("label: count, missed, raised outside");
        labels.forEach((k, v) -> System.out.printf("  %-22s %4d %4d %4d%n", k, v[0], v[1], v[2]));
        System.out.printf("%.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    static boolean overlaps(ReplayAlarm a, PresenceLabel v, Instant inputEnd) {
        Duration slack = Scorer.SLACK;
        Instant aEnd = a.end() == null ? (inputEnd.isAfter(a.start()) ? inputEnd : a.start()) : a.end();
        return !a.start().isAfter(v.end().plus(slack)) && !aEnd.isBefore(v.start().minus(slack));
    }
}
