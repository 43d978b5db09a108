package org.alterna.telemetry;

import java.util.List;

/**
 * Published after the transaction that stored these fixes committed, on a delivery thread of the telemetry
 * store (never a gateway thread), after the acknowledgement of those fixes was released. Contains only fixes
 * stored for the first time (a resend of an already stored record is not published again), each with its
 * server time, in arrival order; events follow one another in arrival order too, also when several writers
 * commit at once. Listeners must be quick or hand work off: while the delivery queue is full, the store waits
 * for room before starting another batch, which slows acknowledgement of new records (back-pressure, never loss).
 */
public record FixesStored(List<Fix> fixes) {
    public FixesStored {
        fixes = List.copyOf(fixes);
    }
}
