package org.alterna.simulation.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Percentiles of a window cut from two reads of a cumulative Prometheus histogram. */
class LatencyHistogramTest {
    static String scrape(long b10, long b50, long b250, long inf, double tick) {
        return """
                # HELP alterna_supervision_alarm_latency_seconds from a fix's arrival to its alarm
                # TYPE alterna_supervision_alarm_latency_seconds histogram
                alterna_supervision_alarm_latency_seconds{quantile="0.99"} 0.2
                alterna_supervision_alarm_latency_seconds_bucket{le="0.01"} %d
                alterna_supervision_alarm_latency_seconds_bucket{le="0.05"} %d
                alterna_supervision_alarm_latency_seconds_bucket{le="0.25"} %d
                alterna_supervision_alarm_latency_seconds_bucket{le="+Inf"} %d
                alterna_supervision_alarm_latency_seconds_count %d
                other_seconds_bucket{le="0.01"} 999
                tasks_scheduled_execution_seconds_count{code_function="tick",outcome="SUCCESS"} %s
                tasks_scheduled_execution_seconds_count{code_function="checkSla",outcome="SUCCESS"} 50
                """.formatted(b10, b50, b250, inf, inf, tick);
    }

    @Test
    void theWindowIsTheDifferenceAndItsPercentilesAreInterpolatedInTheBucket() {
        LatencyHistogram before = LatencyHistogram.parse(scrape(5, 5, 5, 5, 1), "alterna_supervision_alarm_latency_seconds");
        LatencyHistogram after = LatencyHistogram.parse(scrape(55, 95, 105, 105, 3),
                "alterna_supervision_alarm_latency_seconds");
        assertThat(before.bounds()).containsExactly(10, 50, 250, Double.POSITIVE_INFINITY);
        LatencyHistogram.Window w = after.since(before);
        assertThat(w.count()).isEqualTo(100);
        // 50 samples ≤ 10 ms, 40 in (10, 50], 10 in (50, 250]
        assertThat(w.percentileMillis(0.5)).isCloseTo(10, within(1e-9));
        assertThat(w.percentileMillis(0.7)).isCloseTo(30, within(1e-9));
        assertThat(w.percentileMillis(0.95)).isCloseTo(150, within(1e-9));
        assertThat(w.percentileMillis(0.99)).isCloseTo(230, within(1e-9));
        assertThat(w.shareAtOrBelow(50)).isEqualTo(0.9);
        assertThat(w.maxBoundMillis()).isEqualTo(250);
        assertThatThrownBy(() -> w.shareAtOrBelow(40)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void beyondTheLastBoundIsInfiniteAndAnEmptyWindowHasNoPercentile() {
        LatencyHistogram a = LatencyHistogram.parse(scrape(0, 0, 0, 0, 0), "alterna_supervision_alarm_latency_seconds");
        LatencyHistogram b = LatencyHistogram.parse(scrape(0, 0, 90, 100, 0), "alterna_supervision_alarm_latency_seconds");
        assertThat(b.since(a).percentileMillis(0.99)).isInfinite();
        assertThat(a.since(a).percentileMillis(0.5)).isNaN();
        assertThat(a.since(a).count()).isZero();
    }

    @Test
    void countersAreSummedOverTheirLabelSetsOrFiltered() {
        String text = scrape(0, 0, 0, 0, 7);
        assertThat(LatencyHistogram.counter(text, "tasks_scheduled_execution_seconds_count")).isEqualTo(57);
        assertThat(LatencyHistogram.counter(text, "tasks_scheduled_execution_seconds_count", "code_function=\"tick\""))
                .isEqualTo(7);
        assertThat(LatencyHistogram.counter(text, "absent_total")).isZero();
        assertThatThrownBy(() -> LatencyHistogram.parse(text, "absent_seconds")).isInstanceOf(IllegalStateException.class);
    }
}
