package org.alterna.supervision;

import java.time.Instant;
import java.util.Set;

/** An authorised absence: alarms of the given types (empty: all) are not raised in [from, to). */
public record Suspension(Instant from, Instant to, Set<AlarmType> types) {
    public Suspension {
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    public boolean covers(AlarmType type, Instant t) {
        return (types.isEmpty() || types.contains(type)) && !t.isBefore(from) && t.isBefore(to);
    }
}
