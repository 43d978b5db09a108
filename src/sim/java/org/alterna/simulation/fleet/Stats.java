package org.alterna.simulation.fleet;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/** Counters of a simulated fleet and its latency histogram, safe for many threads. */
final class Stats {
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder dead = new LongAdder();
    final AtomicInteger connected = new AtomicInteger();
    final Histogram latency = new Histogram();
    volatile long windowStart = System.nanoTime();
    volatile long windowAcked;

    void resetWindow() {
        windowStart = System.nanoTime();
        windowAcked = acked.sum();
        latency.reset();
    }

    /** Acknowledgement latencies from 1 µs to 1 h, to 2 significant digits (HdrHistogram, safe for many threads). */
    static final class Histogram {
        private static final long HIGHEST_MICROS = 3_600_000_000L;
        private final ConcurrentHistogram micros = new ConcurrentHistogram(1, HIGHEST_MICROS, 2);

        void record(long nanos) {
            micros.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000)));
        }

        void reset() {
            micros.reset();
        }

        long count() {
            return micros.getTotalCount();
        }

        /** The latency in milliseconds below which a fraction {@code q} of the samples lie; NaN without samples. */
        double percentileMillis(double q) {
            return micros.getTotalCount() == 0 ? Double.NaN
                    : micros.getValueAtPercentile(q * 100) / 1000.0;
        }
    }
}
