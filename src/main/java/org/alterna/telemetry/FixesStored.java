package org.alterna.telemetry;

import java.util.List;

/**
 * Published for live views after the transaction that stored these fixes committed, on a delivery thread of its own
 * (never a gateway or writer thread), after the acknowledgement of those fixes was released. Contains only fixes
 * stored for the first time (a resend of an already stored record is not published again), each with its server
 * time, in arrival order; events follow one another in arrival order too, also when several writers commit at once.
 * Best effort: a listener that falls far behind misses fixes (it never slows the store). What must see every fix
 * follows the {@link RecordLog} with a cursor instead (supervision does).
 */
public record FixesStored(List<Fix> fixes) {
    public FixesStored {
        fixes = List.copyOf(fixes);
    }
}
