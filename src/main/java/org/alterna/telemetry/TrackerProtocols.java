package org.alterna.telemetry;

import java.util.List;
import java.util.Locale;

/**
 * The tracker protocols records arrive by, by name: the one list that the gateway serves (each name has its decoder,
 * checked when the decoders load), the device registry accepts, the console offers and the simulated fleet speaks.
 */
public final class TrackerProtocols {
    /** Teltonika Codec 8/8E, GT06, H02 (TCP) and OsmAnd (HTTP), in that order. */
    public static final List<String> NAMES = List.of("teltonika", "gt06", "h02", "osmand");

    private TrackerProtocols() {
    }

    /** Whether {@code name} (any case, surrounding blanks ignored) is one of {@link #NAMES}. */
    public static boolean isKnown(String name) {
        return name != null && NAMES.contains(name.strip().toLowerCase(Locale.ROOT));
    }
}
