package org.alterna.fleet;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a simulated fleet and a log-bucketed latency histogram (~2 % resolution), safe for many threads. */
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

    /** Latencies from 1 µs to ~20 min in buckets growing by 2 %. */
    static final class Histogram {
        private static final double BASE = Math.log(1.02);
        private static final int BUCKETS = 1100;
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

        void record(long nanos) {
            double micros = Math.max(1, nanos / 1000.0);
            int b = (int) Math.min(BUCKETS - 1, Math.floor(Math.log(micros) / BASE));
            counts.incrementAndGet(b);
        }

        void reset() {
            for (int i = 0; i < BUCKETS; i++) {
                counts.set(i, 0);
            }
        }

        long count() {
            long n = 0;
            for (int i = 0; i < BUCKETS; i++) {
                n += counts.get(i);
            }
            return n;
        }

        /** The latency in milliseconds below which a fraction {@code q} of the samples lie (bucket upper bound). */
        double percentileMillis(double q) {
            long[] c = new long[BUCKETS];
            long n = 0;
            for (int i = 0; i < BUCKETS; i++) {
                c[i] = counts.get(i);
                n += c[i];
            }
            if (n == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(q * n);
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += c[i];
                if (seen >= rank) {
                    return Math.exp((i + 1) * BASE) / 1000.0;
                }
            }
            return Double.NaN;
        }
    }
}
