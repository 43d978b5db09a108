package org.alterna.simulation.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.alterna.supervision.AlarmType;
import org.alterna.supervision.ReplayAlarm;
import org.alterna.supervision.SupervisionPlan;
import tools.jackson.databind.JsonNode;

/**
 * Scores alarms against labelled truth exactly as SCENARIOS.md describes: detection window per type, +-2 min slack,
 * don't-care intervals, false alarms, delays and spurious alarm hours.
 */
public final class Scorer {
    public static final Duration SLACK = Duration.ofMinutes(2);

    /** A labelled interval. */
    public record Interval(AlarmType type, String zone, Instant start, Instant end) {
    }

    /** A truth file: {@code deviceDays}, {@code violations}, {@code dontCare}. */
    public record Truth(double deviceDays, List<Interval> violations, List<Interval> dontCare) {
        public static Truth parse(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                return parse(ScenarioParser.readTree(in));
            } catch (IOException e) {
                throw new InvalidScenarioException(file + ": " + e.getMessage());
            }
        }

        public static Truth parse(JsonNode root) {
            return new Truth(root.path("deviceDays").asDouble(), intervals(root.get("violations"), "violations"),
                    intervals(root.get("dontCare"), "dontCare"));
        }

        private static List<Interval> intervals(JsonNode a, String path) {
            List<Interval> out = new ArrayList<>();
            if (a == null || !a.isArray()) {
                return out;
            }
            for (int i = 0; i < a.size(); i++) {
                JsonNode n = a.get(i);
                String t = n.path("type").asString();
                AlarmType type;
                try {
                    type = AlarmType.valueOf(t);
                } catch (IllegalArgumentException e) {
                    throw new InvalidScenarioException(path + "[" + i + "].type: unknown alarm type '" + t + "'");
                }
                JsonNode z = n.get("zone");
                out.add(new Interval(type, z == null || z.isNull() ? null : z.asString(),
                        Instant.parse(n.path("start").asString()),
                        n.hasNonNull("end") ? Instant.parse(n.get("end").asString()) : null));
            }
            return out;
        }
    }

    /** Counters for one alarm type (or all). */
    public static final class Figures {
        public int violations;
        public int detected;
        public int falseAlarms;
        public int alarms;
        public double spuriousHours;
        public double deviceDays;
        public final List<Double> delaysSeconds = new ArrayList<>();
        public final List<String> misses = new ArrayList<>();
        public final List<String> falses = new ArrayList<>();

        public double recall() {
            return violations == 0 ? 1.0 : (double) detected / violations;
        }

        public double falsePer1000Days() {
            return deviceDays == 0 ? 0 : falseAlarms * 1000.0 / deviceDays;
        }

        public double spuriousHoursPer1000Days() {
            return deviceDays == 0 ? 0 : spuriousHours * 1000.0 / deviceDays;
        }

        public double delayPercentile(double p) {
            if (delaysSeconds.isEmpty()) {
                return Double.NaN;
            }
            List<Double> d = new ArrayList<>(delaysSeconds);
            d.sort(null);
            int idx = (int) Math.ceil(p * d.size()) - 1;
            return d.get(Math.max(0, Math.min(d.size() - 1, idx)));
        }

        void add(Figures o) {
            violations += o.violations;
            detected += o.detected;
            falseAlarms += o.falseAlarms;
            alarms += o.alarms;
            spuriousHours += o.spuriousHours;
            delaysSeconds.addAll(o.delaysSeconds);
            misses.addAll(o.misses);
            falses.addAll(o.falses);
        }
    }

    /** Per-type figures accumulated over any number of scenarios. */
    public static final class Report {
        public final Map<AlarmType, Figures> byType = new EnumMap<>(AlarmType.class);
        public final Figures total = new Figures();
        public double deviceDays;

        public Figures of(AlarmType t) {
            return byType.computeIfAbsent(t, k -> new Figures());
        }

        /** Figures over the given types only (e.g. the zone rules). */
        public Figures over(AlarmType... types) {
            Figures f = new Figures();
            for (AlarmType t : types) {
                Figures x = byType.get(t);
                if (x != null) {
                    f.add(x);
                }
            }
            f.deviceDays = deviceDays;
            return f;
        }

        public void finish() {
            for (Figures f : byType.values()) {
                f.deviceDays = deviceDays;
            }
            total.deviceDays = deviceDays;
        }

        public String format() {
            finish();
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-18s %6s %6s %8s %8s %10s %10s %10s%n", "type", "true", "found",
                    "recall", "false", "median s", "p95 s", "spurious h"));
            Figures all = new Figures();
            all.deviceDays = deviceDays;
            for (var e : byType.entrySet()) {
                Figures f = e.getValue();
                all.add(f);
                sb.append(line(e.getKey().name(), f));
            }
            sb.append(line("ALL", all));
            sb.append(String.format(Locale.ROOT, "device-days %.2f; false alarms and spurious hours are per 1,000 "
                    + "device-days%n", deviceDays));
            return sb.toString();
        }

        private static String line(String name, Figures f) {
            return String.format(Locale.ROOT, "%-18s %6d %6d %7.1f%% %8.2f %10.0f %10.0f %10.2f%n", name, f.violations,
                    f.detected, 100 * f.recall(), f.falsePer1000Days(), f.delayPercentile(0.5),
                    f.delayPercentile(0.95), f.spuriousHoursPer1000Days());
        }
    }

    private Scorer() {
    }

    /** Allowed delay between a true start and the raising of its alarm. */
    public static Duration allowedDelay(AlarmType type, SupervisionPlan plan) {
        return switch (type) {
            case STRAP_TAMPER -> Duration.ofMinutes(5);
            case LOW_BATTERY, BATTERY_CRITICAL -> Duration.ofMinutes(15);
            case NO_COMMUNICATION -> Duration.ofMinutes(
                    (plan.noCommunicationMinutes() == null ? 30 : plan.noCommunicationMinutes()) + 5);
            case NO_FIX -> Duration.ofMinutes((plan.noFixMinutes() == null ? 30 : plan.noFixMinutes()) + 5);
            case NOT_CHARGING -> plan.grace(AlarmType.NOT_CHARGING).plusMinutes(10);
            default -> Duration.ofMinutes(10);
        };
    }

    /**
     * Scores one scenario's alarms into {@code report}. {@code inputEnd} closes alarms still open (end null).
     */
    public static void score(List<ReplayAlarm> alarms, Truth truth, SupervisionPlan plan, Instant inputEnd,
            Report report) {
        report.deviceDays += truth.deviceDays();
        boolean[] used = new boolean[alarms.size()];
        for (Interval v : truth.violations()) {
            Figures f = report.of(v.type());
            f.violations++;
            Instant deadline = v.start().plus(allowedDelay(v.type(), plan));
            ReplayAlarm best = null;
            for (int i = 0; i < alarms.size(); i++) {
                ReplayAlarm a = alarms.get(i);
                if (same(a, v) && overlaps(a, v, inputEnd) && !a.raisedAt().isAfter(deadline)) {
                    if (best == null || a.raisedAt().isBefore(best.raisedAt())) {
                        best = a;
                    }
                }
            }
            if (best != null) {
                f.detected++;
                f.delaysSeconds.add((double) Duration.between(v.start(), best.raisedAt()).toSeconds());
            } else {
                f.misses.add(v.type() + " " + Objects.toString(v.zone(), "") + " " + v.start());
            }
        }
        for (int i = 0; i < alarms.size(); i++) {
            ReplayAlarm a = alarms.get(i);
            Figures f = report.of(a.type());
            f.alarms++;
            boolean matches = false;
            List<Interval> covering = new ArrayList<>();
            for (Interval v : truth.violations()) {
                if (same(a, v) && overlaps(a, v, inputEnd)) {
                    matches = true;
                }
                if (same(a, v)) {
                    covering.add(v);
                }
            }
            for (Interval v : truth.dontCare()) {
                if (same(a, v) && overlaps(a, v, inputEnd)) {
                    matches = true;
                }
                if (same(a, v)) {
                    covering.add(v);
                }
            }
            if (!matches) {
                f.falseAlarms++;
                f.falses.add(a.toJson());
            }
            f.spuriousHours += uncoveredSeconds(a, covering, inputEnd) / 3600.0;
        }
    }

    private static boolean same(ReplayAlarm a, Interval v) {
        return a.type() == v.type() && (!a.type().hasZone() || Objects.equals(a.zone(), v.zone()));
    }

    private static boolean overlaps(ReplayAlarm a, Interval v, Instant inputEnd) {
        Instant aEnd = a.end() == null ? max(inputEnd, a.start()) : a.end();
        Instant vEnd = v.end() == null ? Instant.MAX.minus(SLACK) : v.end();
        return !a.start().isAfter(vEnd.plus(SLACK)) && !aEnd.isBefore(v.start().minus(SLACK));
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : (a.isAfter(b) ? a : b);
    }

    /** Seconds of the alarm [start, end) not covered by any (slack-widened) true or don't-care interval. */
    private static double uncoveredSeconds(ReplayAlarm a, List<Interval> covering, Instant inputEnd) {
        long s = a.start().getEpochSecond();
        long e = (a.end() == null ? max(inputEnd, a.start()) : a.end()).getEpochSecond();
        if (e <= s) {
            return 0;
        }
        List<long[]> iv = new ArrayList<>();
        for (Interval v : covering) {
            long vs = v.start().minus(SLACK).getEpochSecond();
            long ve = v.end() == null ? Long.MAX_VALUE : v.end().plus(SLACK).getEpochSecond();
            iv.add(new long[] {vs, ve});
        }
        iv.sort((x, y) -> Long.compare(x[0], y[0]));
        long covered = 0;
        long cursor = s;
        for (long[] x : iv) {
            long from = Math.max(x[0], cursor);
            long to = Math.min(x[1], e);
            if (to > from) {
                covered += to - from;
                cursor = to;
            }
        }
        return e - s - covered;
    }
}
