package org.alterna.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.alterna.simulation.replay.ReplayCommand;
import org.alterna.simulation.replay.Scenario;
import org.alterna.simulation.replay.ScenarioParser;
import org.alterna.simulation.replay.Scorer;
import org.alterna.simulation.tracks.LimaTrackGenerator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Alarm quality on generated Lima tracks, per rule type: 0 false zone alarms (inclusion, exclusion, route, victim
 * proximity and pre-alert); 100 % recall of qualifying zone breaches (>= 5 min, >= 150 m) and of every tamper,
 * silence, location failure, low or critical battery and missed charge; median zone delay <= 2 reporting intervals
 * + 30 s. With {@code -Dalterna.quality.write=true} it rewrites docs/alarm-quality.md.
 */
class AlarmQualityTest {
    static final long SEED = 20260302L;
    static final int DEVICES = 200;
    static final int DAYS = 3;
    /** A second seed range never looked at while tuning: reported in the doc, not asserted. */
    static final long VALIDATION_SEED = 777000L;
    static final int VALIDATION_DEVICES = 300;
    /** Rules judged on positions. */
    static final AlarmType[] ZONES = {AlarmType.INCLUSION_ZONE, AlarmType.EXCLUSION_ZONE, AlarmType.ROUTE_DEVIATION,
        AlarmType.VICTIM_PROXIMITY, AlarmType.VICTIM_PRE_ALERT};
    /** Rules judged on the tag's own state and its reporting. */
    static final AlarmType[] SENSORS = {AlarmType.STRAP_TAMPER, AlarmType.LOW_BATTERY, AlarmType.BATTERY_CRITICAL,
        AlarmType.NOT_CHARGING, AlarmType.NO_COMMUNICATION, AlarmType.NO_FIX};
    /** The alarms of the home's radio evidence, scored against their own labels. */
    static final java.util.Set<AlarmType> PRESENCE_TYPES = java.util.EnumSet.of(AlarmType.HOME_PRESENCE_LOST,
            AlarmType.HOME_UNIT_UNPOWERED, AlarmType.HOME_UNIT_MOVED);
    /** Median zone detection delay target: 2 reporting intervals (60 s while moving) + 30 s. */
    static final double MEDIAN_TARGET_S = 150;
    /** Fewest true violations of a type for its figures to mean anything. */
    static final int MIN_VIOLATIONS = 10;

    /**
     * One profile's figures: all violations (engine and naive), qualifying ones, and the qualifying figures split by
     * the tags' reporting and by what they say of a fix's quality (the harsh profile mixes them); the home-presence
     * labels (today's engine raises none of these kinds).
     */
    record Result(Scorer.Report alterna, Scorer.Report naive, Scorer.Report qualifying, double days, double seconds,
            Map<String, Scorer.Report> byReporting, Map<String, Scorer.Report> byQuality, Presence presence) {
    }

    /** Home-presence labels of a run, by type, and the devices by home equipment. */
    record Presence(Map<String, Integer> violations, Map<String, Integer> dontCare, Map<String, Integer> kits,
            Map<String, Integer> missed, Map<String, Integer> outside) {
        Presence() {
            this(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        }
    }

    private static Result asserted;
    private static Result harsh;

    /** The harsh profile on the asserted seeds (the same people in harsher homes), reported and not yet asserted. */
    static synchronized Result harsh() {
        if (harsh == null) {
            harsh = run(SEED, DEVICES, DAYS, LimaTrackGenerator.Profile.HARSH);
            System.out.println("Harsh profile, today's engine\n" + harsh.alterna().format() + "\nQualifying only\n"
                    + harsh.qualifying().format() + "\nHome presence " + harsh.presence());
        }
        return harsh;
    }

    /** The asserted seed range, generated and scored once for all the tests of this class. */
    static synchronized Result asserted() {
        if (asserted == null) {
            asserted = run(SEED, DEVICES, DAYS);
            System.out.println("Alterna\n" + asserted.alterna().format() + "\nNaive\n" + asserted.naive().format()
                    + "\nQualifying only\n" + asserted.qualifying().format());
            asserted.alterna().byType.values().forEach(f -> f.falses.forEach(x -> System.out.println("false: " + x)));
            asserted.qualifying().byType.values().forEach(f -> f.misses.forEach(x -> System.out.println("missed: "
                    + x)));
        }
        return asserted;
    }

    static Result run(long seed, int devices, int days) {
        return run(seed, devices, days, LimaTrackGenerator.Profile.STANDARD);
    }

    static Result run(long seed, int devices, int days, LimaTrackGenerator.Profile profile) {
        long t0 = System.nanoTime();
        Scorer.Report alterna = new Scorer.Report();
        Scorer.Report naive = new Scorer.Report();
        Scorer.Report qualifying = new Scorer.Report();
        Map<String, Scorer.Report> byReporting = new TreeMap<>();
        Map<String, Scorer.Report> byQuality = new TreeMap<>();
        Presence presence = new Presence();
        double total = 0;
        for (int d = 0; d < devices; d++) {
            LimaTrackGenerator.Generated g = LimaTrackGenerator.generate(seed + d, days, profile);
            // the home presence's own alarms are scored against their own labels
            List<ReplayAlarm> all = new Scenario(g.name(), g.plan(), g.fixes(),
                    g.victimFixes(), g.homePresence(), g.homeUnitFixes()).replay();
            List<ReplayAlarm> alarms = all.stream().filter(a -> !PRESENCE_TYPES.contains(a.type())).toList();
            Instant end = ReplayCommand.end(g.fixes());
            if (g.homePresence() != null) {
                scorePresence(g, all.stream().filter(a -> PRESENCE_TYPES.contains(a.type())).toList(), end, presence);
            }
            Map<Scorer.Figures, int[]> before = sizes(alterna, qualifying);
            Scorer.score(alarms, g.truth(), g.plan(), end, alterna);
            Scorer.score(NaiveEngine.run(g.plan(), g.fixes(), g.victimFixes(), alarms), g.truth(), g.plan(), end, naive);
            Scorer.Truth q = new Scorer.Truth(g.truth().deviceDays(), g.qualifying(),
                    concat(g.truth().dontCare(), notQualifying(g)));
            Scorer.score(alarms, q, g.plan(), end, qualifying);
            Scorer.score(alarms, q, g.plan(), end, byReporting.computeIfAbsent(g.traits().reporting(),
                    k -> new Scorer.Report()));
            Scorer.score(alarms, q, g.plan(), end, byQuality.computeIfAbsent(g.traits().quality(),
                    k -> new Scorer.Report()));
            label(before, alterna, qualifying, "seed " + (seed + d) + ": ");
            g.presenceViolations().forEach(l -> presence.violations().merge(l.type(), 1, Integer::sum));
            g.presenceDontCare().forEach(l -> presence.dontCare().merge(l.type(), 1, Integer::sum));
            presence.kits().merge(g.traits().homeKit(), 1, Integer::sum);
            total += g.truth().deviceDays();
        }
        alterna.finish();
        naive.finish();
        qualifying.finish();
        byReporting.values().forEach(Scorer.Report::finish);
        byQuality.values().forEach(Scorer.Report::finish);
        return new Result(alterna, naive, qualifying, total, (System.nanoTime() - t0) / 1e9, byReporting, byQuality,
                presence);
    }

    /** Home-presence labels missed (not raised within their allowed delay) and alarms outside every label. */
    private static void scorePresence(LimaTrackGenerator.Generated g, List<ReplayAlarm> raised, Instant end,
            Presence presence) {
        for (LimaTrackGenerator.PresenceLabel v : g.presenceViolations()) {
            Instant deadline = v.start().plus(LimaTrackGenerator.PresenceLabel.allowedDelay(v.type(),
                    g.homePresence().lostMinutes()));
            if (raised.stream().noneMatch(a -> a.type().name().equals(v.type())
                    && HarshAlarmQualityTargetsTest.overlaps(a, v, end) && !a.raisedAt().isAfter(deadline))) {
                presence.missed().merge(v.type(), 1, Integer::sum);
            }
        }
        for (ReplayAlarm a : raised) {
            if (java.util.stream.Stream.concat(g.presenceViolations().stream(), g.presenceDontCare().stream())
                    .noneMatch(v -> a.type().name().equals(v.type()) && HarshAlarmQualityTargetsTest.overlaps(a, v,
                            end))) {
                presence.outside().merge(a.type().name(), 1, Integer::sum);
            }
        }
    }

    /** Sizes of the miss and false-alarm lists of every type, to label what the next scenario adds. */
    private static Map<Scorer.Figures, int[]> sizes(Scorer.Report... reports) {
        Map<Scorer.Figures, int[]> m = new IdentityHashMap<>();
        for (Scorer.Report r : reports) {
            for (AlarmType t : AlarmType.values()) {
                Scorer.Figures f = r.of(t);
                m.put(f, new int[] {f.misses.size(), f.falses.size()});
            }
        }
        return m;
    }

    private static void label(Map<Scorer.Figures, int[]> before, Scorer.Report a, Scorer.Report b, String prefix) {
        for (Scorer.Report r : new Scorer.Report[] {a, b}) {
            for (AlarmType t : AlarmType.values()) {
                Scorer.Figures f = r.of(t);
                int[] n = before.get(f);
                for (int i = n[0]; i < f.misses.size(); i++) {
                    f.misses.set(i, prefix + f.misses.get(i));
                }
                for (int i = n[1]; i < f.falses.size(); i++) {
                    f.falses.set(i, prefix + f.falses.get(i));
                }
            }
        }
    }

    private static List<Scorer.Interval> notQualifying(LimaTrackGenerator.Generated g) {
        List<Scorer.Interval> out = new ArrayList<>(g.truth().violations());
        out.removeAll(g.qualifying());
        return out;
    }

    private static List<Scorer.Interval> concat(List<Scorer.Interval> a, List<Scorer.Interval> b) {
        List<Scorer.Interval> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void theGeneratedFleetHoldsRealBreachesAndRealNoiseOfEveryRuleType() {
        Result r = asserted();
        assertThat(r.days()).isGreaterThanOrEqualTo(600);
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : concat(ZONES, SENSORS)) {
            soft.assertThat(r.alterna().of(t).violations).as("true %s violations", t)
                    .isGreaterThanOrEqualTo(MIN_VIOLATIONS);
            soft.assertThat(r.qualifying().of(t).violations).as("qualifying %s violations", t)
                    .isGreaterThanOrEqualTo(MIN_VIOLATIONS / 2);
        }
        // the noise is real: the per-fix test is fooled on every rule with a fixed boundary near daily life
        for (AlarmType t : new AlarmType[] {AlarmType.INCLUSION_ZONE, AlarmType.ROUTE_DEVIATION,
            AlarmType.EXCLUSION_ZONE, AlarmType.NOT_CHARGING}) {
            soft.assertThat(r.naive().of(t).falseAlarms).as("naive false %s alarms", t).isPositive();
        }
        soft.assertThat(r.naive().of(AlarmType.NO_FIX).recall()).as("naive NO_FIX recall (trusts LBS 'valid')")
                .isLessThan(1.0);
        soft.assertAll();
    }

    @Test
    void noFalseZoneAlarmsOfAnyType() {
        Result r = asserted();
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : ZONES) {
            soft.assertThat(r.alterna().of(t).falses).as("false %s alarms", t).isEmpty();
        }
        soft.assertAll();
    }

    @Test
    void everyQualifyingBreachOfEveryTypeIsDetectedInTime() {
        Result r = asserted();
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : concat(ZONES, SENSORS)) {
            soft.assertThat(r.qualifying().of(t).misses).as("missed qualifying %s violations", t).isEmpty();
        }
        soft.assertAll();
    }

    @Test
    void medianZoneDelayIsWithinTwoReportingIntervalsAndThirtySeconds() {
        Result r = asserted();
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : ZONES) {
            soft.assertThat(r.qualifying().of(t).delayPercentile(0.5)).as("median %s delay s", t)
                    .isLessThanOrEqualTo(MEDIAN_TARGET_S);
        }
        soft.assertAll();
    }

    @Test
    void noFalseAlarmsOnTheTagsOwnState() {
        Result r = asserted();
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : SENSORS) {
            soft.assertThat(r.alterna().of(t).falses).as("false %s alarms", t).isEmpty();
        }
        soft.assertAll();
    }

    /** Writes docs/alarm-quality.md (run with -Dalterna.quality.write=true). */
    @Test
    void measureAndDocument() throws IOException {
        Result r = asserted();
        assertThat(r.alterna().total.deviceDays).isEqualTo(r.days());
        if (Boolean.getBoolean("alterna.quality.write")) {
            write(r, run(VALIDATION_SEED, VALIDATION_DEVICES, DAYS), harsh(),
                    run(VALIDATION_SEED, VALIDATION_DEVICES, DAYS, LimaTrackGenerator.Profile.HARSH));
        }
    }

    /**
     * The harsh profile with today's engine: reported, not asserted (the targets are in
     * {@code HarshAlarmQualityTargetsTest}, disabled until the engine work); here only that the harsh fleet holds real
     * breaches of every zone rule and home-presence labels of every kind.
     */
    @Test
    void theHarshProfileIsMeasuredWithTodaysEngine() {
        Result h = harsh();
        assertThat(h.days()).isGreaterThanOrEqualTo(600);
        SoftAssertions soft = new SoftAssertions();
        for (AlarmType t : ZONES) {
            soft.assertThat(h.qualifying().of(t).violations).as("qualifying harsh %s violations", t)
                    .isGreaterThanOrEqualTo(MIN_VIOLATIONS / 2);
        }
        for (String kind : List.of(LimaTrackGenerator.PresenceLabel.LOST, LimaTrackGenerator.PresenceLabel.UNPOWERED,
                LimaTrackGenerator.PresenceLabel.MOVED)) {
            soft.assertThat(h.presence().violations().getOrDefault(kind, 0)).as("%s labels", kind).isPositive();
        }
        soft.assertThat(h.byReporting().keySet()).containsExactlyInAnyOrder("every 15 s", "every 30 s", "every 60 s",
                "on motion");
        soft.assertAll();
    }

    private static AlarmType[] concat(AlarmType[] a, AlarmType[] b) {
        AlarmType[] out = new AlarmType[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------------------------------ the document

    static final String TIME_TO_ALARM = "## Time to alarm per protocol and reporting interval";

    private static void write(Result r, Result v, Result h, Result hv) throws IOException {
        String load = loadAverage();
        Path doc = Path.of("docs/alarm-quality.md");
        String before = Files.exists(doc) ? Files.readString(doc) : "";
        StringBuilder sb = new StringBuilder();
        sb.append("# Alarm quality of the supervision engine\n\n");
        sb.append(String.format(Locale.ROOT, "Generated by `./mvnw -B -o -ntp test -Dtest=AlarmQualityTest "
                + "-Dalterna.quality.write=true` from `org.alterna.simulation.tracks.LimaTrackGenerator`, scored as in "
                + "SCENARIOS.md (`org.alterna.simulation.replay.Scorer`), in two profiles of the same people: **standard** "
                + "(the tracks the engine was built with) and **harsh** (harsher homes and cheaper tags, below). Each on "
                + "%d generated Lima devices × %d days = **%.0f device-days**, seeds %d..%d, and on validation seeds "
                + "%d..%d (%.0f device-days, not asserted). Generation, replay and scoring took %.0f s and %.0f s "
                + "(standard), %.0f s and %.0f s (harsh) (load average %s).%n%n", DEVICES, DAYS, r.days(), SEED,
                SEED + DEVICES - 1, VALIDATION_SEED, VALIDATION_SEED + VALIDATION_DEVICES - 1, v.days(), r.seconds(),
                v.seconds(), h.seconds(), hv.seconds(), load));
        sb.append("""
                Naive = the per-fix test: a zone, route or victim alarm on the first fix on the wrong side (whatever its
                source or validity), cleared by the first fix back; low and critical battery on the first reading below
                the threshold; not charging on the first reading without charging once the window has been open for the
                grace period; no fix on the first report beyond the limit since the last fix *flagged* valid (it trusts
                the flag, also on cell positions). Tamper and silence rules are the same in both.

                Delays are `raisedAt − true start`. For the sensor rules the true start is when the condition began, so
                the delay includes the rule's own limit (30 min of silence, 30 min without a fix, 20 min of grace for
                charging); a negative battery delay means the alarm was raised while the gauge read the threshold itself
                (borderline, don't care) before the true level went below it.

                Targets. Standard, asserted by `AlarmQualityTest` today: 0 false alarms, recall 100 % of qualifying
                violations within the allowed delay, median zone delay <= 150 s (2 reporting intervals + 30 s).
                Written in `HarshAlarmQualityTargetsTest` and disabled while not met (figures below): on the harsh
                profile 0 false alarms per 1,000 device-days, 100 % recall, median zone delay <= 150 s, every
                home-presence label raised and none outside them; on the standard profile the median zone delay <= 90 s.

                """);
        sb.append("## Standard profile\n\n### All true violations, engine and naive (asserted seeds)\n\n");
        table(sb, r);
        sb.append("\n### Targets, per rule type (asserted by `AlarmQualityTest`)\n\n");
        sb.append("Qualifying = zone breaches of >= 5 min reaching >= 150 m beyond the boundary (seen by at least one "
                + "valid GPS fix that deep); every strap tamper, silence or no-fix over the limit, low or critical "
                + "battery, and missed charge (beyond the borderline margins below). Targets: 0 false alarms, recall "
                + "100 % within the allowed delay (10 min for zone rules, 5 min for tamper, 15 min for battery, the "
                + "limit + 5 min for silence and no fix, the grace + 10 min for charging), median zone delay <= 2 "
                + "reporting intervals + 30 s = 150 s.\n\n");
        targets(sb, r, MEDIAN_TARGET_S);
        sb.append("\n### Validation seeds (not asserted)\n\n");
        table(sb, v);
        sb.append('\n');
        targets(sb, v, MEDIAN_TARGET_S);
        sb.append("\n## Harsh profile (reported, not asserted: targets not met yet)\n\n");
        sb.append("The same seeds, so the same people living the same days, with the harsh conditions described below "
                + "(\"What the generator produces\"). \"targets\" below applies the harsh targets (0 false, 100 % "
                + "recall, median zone delay <= 150 s) to the engine.\n\n### All true violations, engine and naive "
                + "(asserted seeds)\n\n");
        table(sb, h);
        sb.append("\n### Targets, per rule type\n\n");
        targets(sb, h, HarshAlarmQualityTargetsTest.HARSH_MEDIAN_S);
        sb.append("\n### Zone rules by kind of tag (qualifying violations)\n\n");
        sb.append("Each harsh device draws its reporting (every 15, 30 or 60 s, or on motion as the standard tags) "
                + "and what it says of a fix's quality (an accuracy in metres; HDOP and satellites, as Teltonika; "
                + "satellites only, as GT06 and H02). A tag without an accuracy gets one from its HDOP (5 m a unit) or "
                + "its satellites in use (\"How the engine reaches its figures\").\n\n");
        byTrait(sb, "reporting", h.byReporting());
        sb.append('\n');
        byTrait(sb, "position quality", h.byQuality());
        sb.append("\n### Home presence: the engine's own alarms against their labels\n\n");
        presence(sb, h);
        sb.append("\n### Validation seeds (harsh, not asserted)\n\n");
        table(sb, hv);
        sb.append('\n');
        targets(sb, hv, HarshAlarmQualityTargetsTest.HARSH_MEDIAN_S);
        sb.append('\n');
        presence(sb, hv);
        sb.append("\n## Every miss and false alarm\n\nA seed's scenario and truth files come from "
                + "`LimaTrackGenerator.writeScenario(dir, seed, 3)` (standard) or `writeScenario(dir, seed, 3, "
                + "Profile.HARSH)`; `alterna replay FILE --truth TRUTH` scores them.\n\n");
        problems(sb, "standard, asserted seeds", r, Integer.MAX_VALUE);
        problems(sb, "standard, validation seeds", v, Integer.MAX_VALUE);
        problems(sb, "harsh, asserted seeds (at most 5 of each per rule)", h, 5);
        problems(sb, "harsh, validation seeds (at most 3 of each per rule)", hv, 3);
        sb.append('\n');
        sb.append(GENERATOR);
        sb.append('\n');
        sb.append(HARSH_GENERATOR);
        sb.append('\n');
        sb.append(ENGINE);
        int at = before.indexOf(TIME_TO_ALARM);
        if (at >= 0) { // measured with the server by TimeToAlarmBenchmark, diagnosed by hand: kept as it is
            int next = before.indexOf("\n## ", at + TIME_TO_ALARM.length());
            sb.append('\n').append(next < 0 ? before.substring(at) : before.substring(at, next + 1));
        }
        Files.createDirectories(doc.getParent());
        Files.writeString(doc, sb.toString());
    }

    private static void byTrait(StringBuilder sb, String trait, Map<String, Scorer.Report> reports) {
        sb.append("| ").append(trait).append(" | devices' qualifying zone violations | detected | recall | false alarms "
                + "| median delay | p95 delay |\n|---|---|---|---|---|---|---|\n");
        reports.forEach((k, rep) -> {
            Scorer.Figures q = rep.over(ZONES);
            int falses = 0;
            for (AlarmType t : ZONES) {
                falses += rep.of(t).falseAlarms;
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% | %d | %s | %s |%n", k, q.violations,
                    q.detected, 100 * q.recall(), falses, secs(q.delayPercentile(0.5)), secs(q.delayPercentile(0.95))));
        });
    }

    private static void presence(StringBuilder sb, Result h) {
        sb.append("| label | violations (must be raised) | don't care | raised in time | missed | raised outside"
                + " every label |\n|---|---|---|---|---|---|\n");
        for (String k : List.of(LimaTrackGenerator.PresenceLabel.LOST, LimaTrackGenerator.PresenceLabel.UNPOWERED,
                LimaTrackGenerator.PresenceLabel.MOVED)) {
            int n = h.presence().violations().getOrDefault(k, 0);
            int missed = h.presence().missed().getOrDefault(k, 0);
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d |%n", k, n,
                    h.presence().dontCare().getOrDefault(k, 0), n - missed, missed,
                    h.presence().outside().getOrDefault(k, 0)));
        }
        sb.append(String.format(Locale.ROOT, "%nDevices by home equipment: %s.%n", h.presence().kits()));
    }

    static final String HARSH_GENERATOR = """
                ## The harsh profile: what it adds

                `LimaTrackGenerator.generate(seed, days, Profile.HARSH)` (scenario name `lima-harsh-<seed>`) builds the
                same person's days as the standard profile of that seed (same homes, routines and breaches, so the same
                zone truth), then has the tag take them in harsher conditions, each device drawing its own parameters
                (a separate random stream: the standard profile's output for a seed is byte-for-byte what it was,
                checked by `TrackProfilesTest`):

                | condition | per device | draws |
                |---|---|---|
                | indoor multipath | 5-9 % of the indoor fixes (uniform) | bursts of 1-4 fixes, 100-450 m off; 75 % of the bursts report an optimistic accuracy of 12-20 m on 80 % of their fixes, the others 40-300 m |
                | slow drift indoors | 0.1-0.3 an hour indoors | 30-90 m at the peak (half a sine: away and back), lasting 4-15 min; accuracy 12-30 m |
                | fix lost | 0.3-0.7 times an hour | 2-60 min (log-uniform); 70 % of the losses give cell (LBS) positions 250-1,500 m off, a new cell every 2-8 min, accuracy 300-1,500 m, flagged valid half the time; the others invalid fixes repeating the last position |
                | communication outage | 0.02-0.05 an hour | 5 min-2 h (log-uniform): the fixes are kept and uploaded after the first live one (`receivedAt` up to two hours after `time`) |
                | reporting | 20 % every 15 s, 25 % every 30 s, 25 % every 60 s, 30 % on motion | fixed-rate tags report at their rate whatever they do (strap and charger changes at once); on motion = the standard tags' 60 s moving / 300 s at rest / pursuit |
                | quality reported | 60 % accuracy, 25 % HDOP + satellites (as Teltonika), 15 % satellites only (as GT06, H02) | HDOP = the tag's own accuracy estimate / 5 × 0.8-1.25 (so an optimistic multipath fix has a low HDOP, as in life), 0.6-20; satellites 4-7 indoors, 7-12 outdoors, 0 without a GPS fix |
                | home equipment | 30 % iBeacon, 15 % Eddystone, 30 % RF home unit, 25 % none | below |

                On top of these the standard profile's own noise stays (multipath at its rate, cell fallbacks,
                basements, urban canyon, short outages).

                ### Home presence in the generator

                *BLE beacon* (iBeacon or Eddystone-UID), installed 0-6 m from the home's centre: the tag scans every 10
                s and hears it within 12-25 m (per device), each scan missing it with probability 0.05-0.25 (+0.3 in
                the outer fifth of the range). With each fix the tag reports the strongest beacon heard since its
                previous fix (at most the last 10 minutes), in `Fix.io`: `beacon.id` (`ibeacon:<uuid 32 hex>:<major>:<minor>`
                or `eddystone:<namespace 20 hex>:<instance 12 hex>`, lower case, as Teltonika trackers list the beacons
                they see: UUID:Major:Minor, Namespace:Instance) and `beacon.rssi` (dBm, −59 − 25·log10(d) ± 4). With
                no home beacon heard, 8 % of the fixes name a neighbour's or a shop's beacon instead (the engine must
                match the id). At home the person moves between rooms (0-8 m from the centre, a new room every 5-30
                min); one move in ten between 07:00 and 23:00 (one in 200 at night) goes to the roof terrace or the
                patio instead, beyond the beacon's range (range + 5-25 m) but inside the home zone, where the zone is
                large enough. The same applies to the RF home unit's range. A beacon is left unpowered (unplugged, flat battery) on 6 % of the
                days for 3-30 h; on a quarter of the curfew breaches of 10 min or more the person takes it along.

                *RF home unit*, a device of the order installed 0-6 m from the home's centre: it listens for the tag
                every 10 s within 30-50 m (missing 2-10 % of the scans) and reports (`homeUnitFixes` in the scenario)
                every 5 minutes and at once on a change: `io` `homeUnit.tagInRange` (heard by one of its last three
                scans), `homeUnit.mains`, `homeUnit.tilt` (its tilt sensor fired since the last report); `battery` =
                its backup battery (4-8 h, recharged in 4 h), `charging` = on mains, its own position from Wi-Fi
                (`source` WIFI, ± 25 m, accuracy 30-80 m). It is unplugged on 5 % of the days for 20 min-20 h, loses
                mains in a power cut on 8 % of the days for 1-30 min, is taken to another address 0.5-3 km away on 3 %
                of the days for 6-48 h, and is lifted while cleaning (tilt, not moved) on 5 % of the days. With no mains
                and an empty backup it says nothing.

                The plan names the equipment: `supervision.homePresence` = `{"kind": "BLE_BEACON"|"RF_HOME_UNIT",
                "beaconId": "...", "lat": .., "lon": .., "lostMinutes": 15, "zone": "home"}` (SCENARIOS.md format,
                parsed by `ScenarioParser` into `Scenario.homePresence()`; `hdop`, `satellites` and `io` per fix are
                parsed too; all optional, older files read as before).

                Labels (truth file key `homePresence`: `{lostMinutes, violations, dontCare}`, the types the engine's
                alarms will carry):

                | label | a beacon-aware engine must raise | don't care | must not raise |
                |---|---|---|---|
                | `HOME_PRESENCE_LOST` | during the curfew, tag and beacon / home unit out of each other's hearing (out of range — a breach, the roof terrace —, or without power, or the unit moved) for `lostMinutes` + 5 min or more | within 5 min of the limit; while the tag was flat (the silence is raised instead) | silences made of missed scans; shorter absences |
                | `HOME_UNIT_UNPOWERED` | the home unit off mains for 5 min or more | shorter cuts; a BLE beacon's unpowered hours (it cannot say so; an engine may infer it) | — |
                | `HOME_UNIT_MOVED` | the unit or beacon more than 100 m from where it was installed (taken to another address, carried on a night out) for 2 min or more | displaced 20-100 m | a tilt without displacement |

                The zone truth does not change with the equipment: while the tag hears the home beacon the person is
                home (a multipath or drift fix beyond the boundary must not raise `INCLUSION_ZONE`), a roof terrace
                inside the zone is `HOME_PRESENCE_LOST` but no curfew breach, and a beacon carried along on a night out
                does not make the breach any less an `INCLUSION_ZONE` violation. Allowed delays
                (`LimaTrackGenerator.PresenceLabel.allowedDelay`): `lostMinutes` + 5 min for `HOME_PRESENCE_LOST`, 15
                min for the home unit's labels.
                """;

    static final String GENERATOR = """
                ## What the generator produces and how the truth is labelled

                Each device lives in a street grid around a Lima district: home (a circle of 80-160 m or a square),
                work 1.5-4 km away, the victim's home 3.5-5.5 km beyond home (when the order protects a victim, half the
                devices: the victim carries a unit), the victim's workplace a few blocks from the person's work.

                | rule | plan | real breaches | noise and near misses that must not alarm | truth |
                |---|---|---|---|---|
                | INCLUSION_ZONE `home` | curfew 19-21 h to 05-06 h | nights out, late returns | indoor multipath bursts at home, steps just beyond the edge (borderline) | runs beyond the boundary during the curfew |
                | EXCLUSION_ZONE `victim-home` | always | errands inside | — | runs inside |
                | EXCLUSION_ZONE `victim-work` | Mon-Fri 08:00-18:00 | lunch inside on weekdays | lunch inside at weekends and visits after 18:00 (no breach), walks past just outside | runs inside while the schedule is active |
                | ROUTE_DEVIATION `home-work` | corridor 115-150 m around home → corner → work, daily 06:00-10:00 | detours 1.5-7 blocks off with a stay, shallow side streets, a parallel street 2-4 blocks away, the other way round the block | the parallel street one block away (inside), waits 10-35 m inside the edge, kiosks 8-40 m beyond (borderline), quick steps out (borderline), urban-canyon drift and reflections while walking | runs beyond the corridor during the window |
                | VICTIM_PROXIMITY / VICTIM_PRE_ALERT | 500 m, pre-alert 500 m further | meetings with the victim, errands at the victim's home | — | runs within 500 m / 1,000 m of the victim's true position |
                | STRAP_TAMPER | — | strap open 5-40 min | — | strap open while the tag is alive |
                | LOW_BATTERY / BATTERY_CRITICAL | 15 % / 5 % | forgotten or late charging, flat tags | gauge jitter (σ 0.4 %, whole-percent readings) | true level below 14.5 % / 4.5 % and not charging; from there to one point above the threshold (the gauge can read the threshold) is borderline |
                | NOT_CHARGING | daily 2 h window from 20:30, 21:00 or 21:30; 20 min grace | forgotten charge, plugged in 26-80 min late, unplugged 25-70 min early, out at night | plugged in up to 14 min late, unplugged < 15 min early | runs in the window without charging of >= grace + 5 min; grace ± 5 min is borderline |
                | NO_COMMUNICATION | 30 min | coverage outages (40-150 min, fixes buffered and uploaded late), flat tags | short outages (5-20 min) | every arrival gap over 30 min |
                | NO_FIX | 30 min | basements at work (35-150 min), inner rooms at night (25-90 min) | short basements (10-28 min), cell (LBS) positions flagged valid | gaps between valid GPS fixes (device time) of > limit + 5 min; limit to limit + 5 min is borderline |

                Zone-like truth: a run reaching 50 m beyond the boundary and lasting 2 min is a violation; shallower or
                shorter runs are borderline (don't care). A violation is *qualifying* when it lasts 5 min, reaches 150 m
                and the tag logged at least one valid GPS fix while the person was 150 m or more beyond (a breach spent
                entirely on cell positions and in basements stays a violation but cannot be shown by any engine). The
                route window, the curfew and the victim's workplace hours are checked by the generator's own clock
                arithmetic, not by the engine's schedule code. While a tag is flat (battery empty) it sends nothing: a
                zone breach, tamper or missed charge in those hours is don't care, and the silence is what must be
                raised.

                Noise: indoor multipath bursts of 100-300 m (1-4 fixes, 30 % with an optimistic accuracy of 12-20 m),
                invalid fixes repeating the last position, cell (LBS) positions 250-1,000 m off (2-20 min indoors, 1-3
                min outdoors, flagged valid half the time), basements without satellites; outdoors an AR(1)
                urban-canyon drift (σ ≈ 14 m) and reflections shifting a walker's fixes a further 25-100 m for 1-3 minutes,
                at once or building up over two fixes, 35 % of them with an optimistic accuracy of 8-20 m; communication
                outages with late uploads. Reporting: every 5 min at rest, every minute while moving or while the tag
                itself sees a fix on the wrong side (pursuit); the accelerometer wakes a resting tag when the person
                starts moving; strap and charger changes are reported at once.

                Battery: 2.2 %/h indoors, 3.2 %/h outdoors, 35 %/h on the charger (the tag reports charging while on its
                charger, also when full); half the people plug in when the tag warns of a low battery (at home, or
                anywhere with a power bank); an empty tag is dead until it is plugged in.

                """;

    static final String ENGINE = """
                ## How the engine reaches its figures

                Engine (`SupervisionEngine`): only valid GPS fixes count for zone rules; a fix counts as beyond only
                when it is beyond by more than its reported accuracy + 25 m and at least 50 m. A breach is confirmed by
                distance-over-time evidence: (a) *path* — the person travelled out along a coherent path (two
                consecutive steps between precise fixes, accuracy <= 30 m, at most 120 s apart, each longer than the
                fixes' combined accuracy and matching the previous step's velocity; both steps heading out by more than
                the fix's accuracy, or the last step wholly beyond — two multipath jumps through the resting place or a
                sideways jump from a bus are neither; two precise fixes that agree end the path) and a fix is now
                >= 60 m beyond; (b) *cluster* — mutually close fixes beyond the boundary: 2 fixes a minute apart (55 s,
                for the reporting jitter) when > 300 m beyond (out of multipath's reach; two such fixes need not be
                close), 4 over 200 s each > 150 m beyond (longer than a burst), 5 over 4.5 min otherwise, 2 (the latest
                with accuracy <= 20 m) when the last fix on the allowed side, within the previous 10 min, came along a
                coherent path heading for the boundary (satellites lost on the way); a cluster's count survives a burst
                elsewhere (the larger earlier cluster is held); (c) 8 violating fixes over 7 min. A return clears after
                two compliant fixes spanning a minute; it is cancelled by a precise fix beyond, or two imprecise ones
                unless the person walked back in along a coherent path. A breach confirmed before its schedule opens is
                raised at the first fix after, unless that fix is a precise one within its accuracy of the boundary.
                Routes and the victim's dynamic zones use the same evidence. Strap tamper: at the first OPEN. Battery:
                the first reading at or below the threshold confirmed by a second within 30 min, or at once 2 points
                below. Not charging: counted from the window's start when the report before it already showed no
                charging, else from the first report without charging inside the window; raised after the grace. No fix:
                counted from the last valid GPS fix, raised at last fix + limit (as a clock tick would) by the first
                report beyond the limit.

                Known limits (the validation misses and false alarm above): a breach seen by one qualifying fix only;
                a departure by bicycle or bus whose satellites are lost within a minute or two of the crossing (two or
                three fixes beyond, not a coherent path, then none for ten minutes); an approach whose fixes after the
                gap are all less precise than 20 m; and, the other way, two multipath fixes in a row that happen to line
                up like a walk heading out from the resting place and stay out for a few minutes. The path evidence is
                built from steps between consecutive fixes of at least 30 m: a tag reporting every 10-15 s at walking pace
                seldom makes such a step, so its breaches are mostly confirmed by the cluster rules (about 4.5 minutes);
                the generated tags report every minute while moving, as the figures above assume.

                Quality of a fix without an accuracy: HDOP × 5 m (a consumer receiver's user-equivalent range error;
                HDOP 1 reads as 5 m, a poor indoor HDOP 4 as 20 m, as a phone would estimate them); without HDOP, from
                the satellites in use: 8 or more 15 m (an open sky), 7 30 m, 5-6 50 m, fewer 80 m; with neither, 30 m.
                The same noise rules apply to the estimate as to a reported accuracy (an optimistic multipath fix has a
                low HDOP just as it has a small accuracy), so such tags are confirmed as fast as accuracy tags and no
                faster.

                Home presence (an order's `homePresence`: a BLE beacon id, iBeacon `ibeacon:<uuid>:<major>:<minor>` or
                Eddystone `eddystone:<namespace>:<instance>`, that the tag reports in `Fix.io` `beacon.id`; or an RF
                home unit, a device of the order reporting `homeUnit.tagInRange`, `homeUnit.mains`, its position).
                The engine stays `(state, input) -> (state, alarms)`: a home unit's report is one more input
                (`onHomeUnitFix`). While the tag hears the beacon (or the unit hears the tag, the unit where it was
                installed and heard from within 11 min), the home zone's rule sees the fix where the home is: the
                person is home whatever the GPS says. A beacon carried along (4 fixes over 4 min each more than 150 m
                beyond, less their accuracy up to 100 m, with no fix back home between, all hearing it) is no longer
                believed and raises `HOME_UNIT_MOVED`. Having heard each other within the last 10 minutes and then not
                (or the beacon carried) makes 3 fixes over 110 s more than 150 m beyond a confirmed breach (the cluster
                rule wants 4 over 200 s). `HOME_PRESENCE_LOST`: during the home zone's schedule (the curfew), not heard
                for the order's limit (15 min by default), from the last time heard (a beacon) or the first report
                without the tag (a unit); raised when the limit passed, cleared when heard again or at the curfew's end.
                `HOME_UNIT_UNPOWERED`: off mains 5 min. `HOME_UNIT_MOVED`: the unit's position more than 100 m plus its
                accuracy from where it was installed; cleared within 100 m. Authorised absences suspend them as any rule.
                """;

    private static void table(StringBuilder sb, Result r) {
        sb.append("| rule | engine | true violations | recall | false alarms / 1,000 device-days | median delay | "
                + "p95 delay | spurious alarm hours / 1,000 device-days |\n|---|---|---|---|---|---|---|---|\n");
        for (AlarmType t : concat(ZONES, SENSORS)) {
            for (int k = 0; k < 2; k++) {
                Scorer.Figures f = (k == 0 ? r.alterna() : r.naive()).byType.get(t);
                if (f == null) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%% | %.1f | %s | %s | %.1f |%n", t,
                        k == 0 ? "Alterna" : "naive", f.violations, 100 * f.recall(), f.falsePer1000Days(),
                        secs(f.delayPercentile(0.5)), secs(f.delayPercentile(0.95)), f.spuriousHoursPer1000Days()));
            }
        }
    }

    private static void targets(StringBuilder sb, Result r, double medianTarget) {
        sb.append("| rule | qualifying | detected | recall | false alarms | median delay | p95 delay | targets |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (AlarmType t : concat(ZONES, SENSORS)) {
            Scorer.Figures q = r.qualifying().of(t);
            Scorer.Figures all = r.alterna().of(t);
            boolean zone = List.of(ZONES).contains(t);
            boolean met = q.misses.isEmpty() && all.falses.isEmpty()
                    && (!zone || !(q.delayPercentile(0.5) > medianTarget));
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f%% | %d | %s | %s | %s |%n", t, q.violations,
                    q.detected, 100 * q.recall(), all.falseAlarms, secs(q.delayPercentile(0.5)),
                    secs(q.delayPercentile(0.95)), met ? "met" : "**not met**"));
        }
    }

    /** Every miss and false alarm, at most {@code most} of each per rule type (with the count when cut). */
    private static void problems(StringBuilder sb, String what, Result r, int most) {
        List<String> lines = new ArrayList<>();
        for (AlarmType t : concat(ZONES, SENSORS)) {
            List<String> misses = r.qualifying().of(t).misses;
            List<String> falses = r.alterna().of(t).falses;
            misses.stream().limit(most).forEach(m -> lines.add("missed qualifying: " + m));
            if (misses.size() > most) {
                lines.add(String.format(Locale.ROOT, "… %d more missed qualifying %s", misses.size() - most, t));
            }
            falses.stream().limit(most).forEach(m -> lines.add("false: `" + m + "`"));
            if (falses.size() > most) {
                lines.add(String.format(Locale.ROOT, "… %d more false %s", falses.size() - most, t));
            }
        }
        sb.append("- ").append(what).append(": ").append(lines.isEmpty() ? "none" : "").append('\n');
        lines.forEach(l -> sb.append("  - ").append(l).append('\n'));
    }

    private static String loadAverage() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return p[0] + ", " + p[1] + ", " + p[2] + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String secs(double s) {
        return Double.isNaN(s) ? "–" : String.format(Locale.ROOT, "%.0f s", s);
    }
}
