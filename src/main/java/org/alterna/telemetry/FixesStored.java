package org.alterna.telemetry;

import java.util.List;

/**
 * Published after the transaction that stored these fixes committed, on a delivery thread of the telemetry
 * store (never a gateway thread). Contains only fixes stored for the first time (a resend of an already
 * stored record is not published again), each with its server time, in arrival order. Listeners must be
 * quick or hand work off: while the delivery queue is full, further batches are delivered on the store's
 * writer thread, which slows acknowledgement of new records (back-pressure, never loss).
 */
public record FixesStored(List<Fix> fixes) {
    public FixesStored {
        fixes = List.copyOf(fixes);
    }
}
