package org.alterna.gateway.protocol;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of incomplete frames the gateway holds over all its connections. Each connection's framer charges what it
 * keeps between reads and releases it when the frame completes or the connection closes; a charge beyond the budget
 * is refused, so thousands of slow senders cannot each pin a maximum-size frame.
 */
public final class PartialFrameBudget {
    /** Start of the message of the DecodeException a framer throws when the budget is spent. */
    public static final String EXHAUSTED = "partial-frame budget of the gateway exhausted";
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    public PartialFrameBudget(long limit) {
        this.limit = limit;
    }

    /** No limit (tools, tests of a single connection). */
    public static PartialFrameBudget unlimited() {
        return new PartialFrameBudget(Long.MAX_VALUE);
    }

    /** Adds {@code delta} (may be negative) unless that would exceed the budget. */
    public boolean charge(long delta) {
        if (delta <= 0) {
            held.addAndGet(delta);
            return true;
        }
        while (true) {
            long now = held.get();
            if (now + delta > limit) {
                return false;
            }
            if (held.compareAndSet(now, now + delta)) {
                return true;
            }
        }
    }

    public long held() {
        return held.get();
    }

    public long limit() {
        return limit;
    }
}
