package org.alterna.gateway.protocol;

import java.util.ArrayList;
import java.util.List;
import org.alterna.telemetry.TrackerProtocols;

/** The tracker protocols Alterna speaks, by name: TCP ones for the gateway's Netty servers, plus OsmAnd (HTTP). */
public final class Protocols {
    private static final List<TrackerProtocol> TCP = List.of(new TeltonikaProtocol(), new Gt06Protocol(),
            new H02Protocol());
    private static final OsmAndDecoder OSMAND = new OsmAndDecoder();

    static {
        // the names come from one list; every one of them needs its decoder here and no decoder may be unlisted
        List<String> decoded = new ArrayList<>(TCP.stream().map(TrackerProtocol::name).toList());
        decoded.add(OSMAND.name());
        if (!decoded.equals(TrackerProtocols.NAMES)) {
            throw new IllegalStateException("decoders " + decoded + " differ from the protocols "
                    + TrackerProtocols.NAMES);
        }
    }

    private Protocols() {
    }

    /** Teltonika (5027), GT06 (5023), H02 (5013). Instances are stateless and shareable between connections. */
    public static List<TrackerProtocol> tcp() {
        return TCP;
    }

    /** A TCP protocol by name; IllegalArgumentException for an unknown one. */
    public static TrackerProtocol tcp(String name) {
        return TCP.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown TCP protocol '" + name + "'; known: " + names()));
    }

    /** The OsmAnd HTTP decoder (port 5055). */
    public static OsmAndDecoder osmand() {
        return OSMAND;
    }

    /** All protocol names: teltonika, gt06, h02, osmand ({@link TrackerProtocols#NAMES}). */
    public static List<String> names() {
        return TrackerProtocols.NAMES;
    }
}
