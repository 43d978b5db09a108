package org.alterna.supervision;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Weekly windows in local time. An entry whose {@code to} is not after {@code from} wraps past midnight and belongs
 * to the day on which it starts ({@code to == from}: a full 24 h). An empty schedule means "always".
 */
public final class WeeklySchedule {
    /** One window: on each of {@code days}, from {@code from} to {@code to} (local). */
    public record Entry(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        public Entry {
            days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
        }
    }

    private static final WeeklySchedule ALWAYS = new WeeklySchedule(List.of());
    private final List<Entry> entries;
    private final int[] dayMask;
    private final int[] fromSec;
    private final int[] toSec; // > 86400 when wrapping

    public WeeklySchedule(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        int n = this.entries.size();
        dayMask = new int[n];
        fromSec = new int[n];
        toSec = new int[n];
        for (int i = 0; i < n; i++) {
            Entry e = this.entries.get(i);
            for (DayOfWeek d : e.days()) {
                dayMask[i] |= 1 << (d.getValue() - 1);
            }
            fromSec[i] = e.from().toSecondOfDay();
            int to = e.to().toSecondOfDay();
            toSec[i] = to > fromSec[i] ? to : to + 86400;
        }
    }

    public static WeeklySchedule always() {
        return ALWAYS;
    }

    public static WeeklySchedule of(Entry... entries) {
        return new WeeklySchedule(new ArrayList<>(List.of(entries)));
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isAlways() {
        return entries.isEmpty();
    }

    public boolean isActive(Instant t, ZoneId zone) {
        return windowStart(t.getEpochSecond(), zone.getRules()) != Long.MIN_VALUE;
    }

    /** An offset and the span of epoch seconds [from, to) over which the rules keep it. */
    private record Span(ZoneRules rules, long from, long to, int offset) {
    }

    /** The last span looked up (all plans of a deployment share one time zone); immutable, so racing threads are safe. */
    private static Span last = new Span(null, 0, 0, 0);

    /** The UTC offset (seconds) in force at {@code epochSecond}: a comparison per call within the cached span. */
    static int offset(long epochSecond, ZoneRules rules) {
        Span s = last;
        if (s.rules == rules && epochSecond >= s.from && epochSecond < s.to) {
            return s.offset;
        }
        if (rules.isFixedOffset()) {
            s = new Span(rules, Long.MIN_VALUE, Long.MAX_VALUE, rules.getOffset(Instant.EPOCH).getTotalSeconds());
        } else {
            Instant t = Instant.ofEpochSecond(epochSecond);
            ZoneOffsetTransition prev = rules.previousTransition(t.plusSeconds(1)); // at or before t
            ZoneOffsetTransition next = rules.nextTransition(t); // strictly after t
            s = new Span(rules, prev == null ? Long.MIN_VALUE : prev.toEpochSecond(),
                    next == null ? Long.MAX_VALUE : next.toEpochSecond(), rules.getOffset(t).getTotalSeconds());
        }
        last = s;
        return s.offset;
    }

    /** Start (epoch s) of the active window containing t, the earliest if several; Long.MIN_VALUE if inactive. */
    long windowStart(long t, ZoneRules rules) {
        if (entries.isEmpty()) {
            return Long.MIN_VALUE + 1; // always active, since forever
        }
        int off = offset(t, rules);
        long local = t + off;
        long day = Math.floorDiv(local, 86400);
        long sod = local - day * 86400;
        int dow = (int) Math.floorMod(day + 3, 7); // 0 = Monday (1970-01-01 was a Thursday)
        int prev = (dow + 6) % 7;
        long best = Long.MIN_VALUE;
        for (int i = 0; i < fromSec.length; i++) {
            if ((dayMask[i] & (1 << prev)) != 0 && toSec[i] > 86400 && sod + 86400 < toSec[i]) {
                long s = (day - 1) * 86400 + fromSec[i] - off;
                if (best == Long.MIN_VALUE || s < best) {
                    best = s;
                }
            }
            if ((dayMask[i] & (1 << dow)) != 0 && sod >= fromSec[i] && sod < toSec[i]) {
                long s = day * 86400 + fromSec[i] - off;
                if (best == Long.MIN_VALUE || s < best) {
                    best = s;
                }
            }
        }
        return best;
    }

    /** End (epoch s) of the active window containing t (the latest if several); Long.MAX_VALUE if always. */
    long windowEnd(long t, ZoneRules rules) {
        if (entries.isEmpty()) {
            return Long.MAX_VALUE;
        }
        int off = offset(t, rules);
        long local = t + off;
        long day = Math.floorDiv(local, 86400);
        long sod = local - day * 86400;
        int dow = (int) Math.floorMod(day + 3, 7);
        int prev = (dow + 6) % 7;
        long best = Long.MIN_VALUE;
        for (int i = 0; i < fromSec.length; i++) {
            if ((dayMask[i] & (1 << prev)) != 0 && toSec[i] > 86400 && sod + 86400 < toSec[i]) {
                best = Math.max(best, (day - 1) * 86400 + toSec[i] - off);
            }
            if ((dayMask[i] & (1 << dow)) != 0 && sod >= fromSec[i] && sod < toSec[i]) {
                best = Math.max(best, day * 86400 + toSec[i] - off);
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
