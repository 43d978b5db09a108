package org.alterna.simulation.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server timer's cumulative histogram as {@code /actuator/prometheus} exposes it ({@code NAME_bucket{le="…"}}, in
 * seconds), read twice: the difference is what happened between the two reads, and its percentiles are interpolated
 * linearly within the bucket that holds them. Micrometer's own percentile gauges decay over a sliding time window;
 * the buckets do not, so a measured window can be cut exactly.
 *
 * @param bounds     the buckets' upper bounds in milliseconds, ascending, the last one +Inf
 * @param cumulative how many samples were at or below each bound
 */
record LatencyHistogram(double[] bounds, long[] cumulative) {
    private static final Pattern BUCKET = Pattern.compile("^(\\w+)_bucket\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    /** The histogram of timer {@code name} (Prometheus form, e.g. {@code alterna_supervision_alarm_latency_seconds}). */
    static LatencyHistogram parse(String prometheusText, String name) {
        TreeMap<Double, Long> buckets = new TreeMap<>();
        for (String line : prometheusText.split("\n")) {
            Matcher m = BUCKET.matcher(line);
            if (!m.find() || !m.group(1).equals(name)) {
                continue;
            }
            Matcher le = LE.matcher(m.group(2));
            if (!le.find()) {
                continue;
            }
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1)) * 1000;
            buckets.merge(bound, (long) Double.parseDouble(m.group(3)), Long::sum);
        }
        if (buckets.isEmpty()) {
            throw new IllegalStateException("no buckets of " + name + " (is its histogram published?)");
        }
        return new LatencyHistogram(buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                buckets.values().stream().mapToLong(Long::longValue).toArray());
    }

    /** A counter's value ({@code NAME} or {@code NAME{…}}), summed over its label sets; 0 when absent. */
    static double counter(String prometheusText, String name) {
        return counter(prometheusText, name, "");
    }

    /** The same, over the label sets containing {@code labels} (e.g. {@code code_function="tick"}). */
    static double counter(String prometheusText, String name, String labels) {
        Pattern p = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)");
        double sum = 0;
        for (String line : prometheusText.split("\n")) {
            Matcher m = p.matcher(line);
            if (m.find() && (labels.isEmpty() || m.group(1) != null && m.group(1).contains(labels))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** What was recorded after {@code before} was read. */
    Window since(LatencyHistogram before) {
        if (before.bounds.length != bounds.length) {
            throw new IllegalArgumentException("different buckets");
        }
        long[] c = new long[bounds.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = cumulative[i] - before.cumulative[i];
        }
        return new Window(bounds, c);
    }

    /** Samples of a window, cumulative per bucket bound (ms). */
    record Window(double[] bounds, long[] cumulative) {
        long count() {
            return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
        }

        /** The q-quantile in ms, interpolated in its bucket; NaN without samples, +Inf beyond the last finite bound. */
        double percentileMillis(double q) {
            long n = count();
            if (n == 0) {
                return Double.NaN;
            }
            double rank = q * n;
            long below = 0;
            double lower = 0;
            for (int i = 0; i < bounds.length; i++) {
                if (cumulative[i] >= rank && cumulative[i] > below) {
                    if (Double.isInfinite(bounds[i])) {
                        return Double.POSITIVE_INFINITY;
                    }
                    return lower + (bounds[i] - lower) * (rank - below) / (cumulative[i] - below);
                }
                below = cumulative[i];
                lower = bounds[i];
            }
            return Double.POSITIVE_INFINITY;
        }

        /** Share of the samples at or below {@code millis} (a bucket bound). */
        double shareAtOrBelow(double millis) {
            long n = count();
            for (int i = 0; i < bounds.length; i++) {
                if (bounds[i] == millis) {
                    return n == 0 ? Double.NaN : (double) cumulative[i] / n;
                }
            }
            throw new IllegalArgumentException(millis + " ms is not a bucket bound");
        }

        /** The upper bound of the bucket holding the slowest sample (ms). */
        double maxBoundMillis() {
            for (int i = 0; i < bounds.length; i++) {
                if (cumulative[i] == count()) {
                    return bounds[i];
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        String describe() {
            return String.format(Locale.ROOT, "alarms=%d alarm_p50_ms=%.1f alarm_p95_ms=%.1f alarm_p99_ms=%.1f"
                            + " alarm_max_bucket_ms=%.0f", count(), percentileMillis(0.5), percentileMillis(0.95),
                    percentileMillis(0.99), maxBoundMillis());
        }
    }

    /**
     * Bucket bounds for the server's timer (ms), as the value of
     * {@code management.metrics.distribution.slo.<timer>}: fine around the 250 ms target.
     */
    static String sloBuckets() {
        List<String> ms = new ArrayList<>();
        for (int b : new int[] {1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100, 110, 125, 150,
            175, 200, 225, 250, 275, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000, 1250, 1500, 2000, 2500, 3000,
            4000, 5000, 7500, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000}) {
            ms.add(b + "ms");
        }
        return String.join(",", ms);
    }
}
